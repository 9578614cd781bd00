// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../lib/format.js';
import { kpiSummary } from '../test-support/fixtures.js';
import { CalculationView, resultMatchesLastStep } from './CalculationView.js';
import { KpiCards, kpiDisplayValue } from './KpiCards.js';

afterEach(cleanup);

describe('KpiCards', () => {
  it('shows each KPI formatted by the formatting module', () => {
    render(<KpiCards summary={kpiSummary} />);
    const list = screen.getByRole('list', { name: 'Key figures' });
    const cards = within(list).getAllByRole('listitem');
    expect(cards).toHaveLength(6);
    expect(screen.getByTestId('kpi-value-monthlySpend').textContent).toBe(formatMoney(4710.049194));
    expect(screen.getByTestId('kpi-value-monthlySpend').textContent).toBe('$4,710');
    expect(screen.getByTestId('kpi-value-wastePercent').textContent).toBe('34.0%');
    expect(screen.getByTestId('kpi-value-realizedSavings').textContent).toBe('$97.11');
    // An undefined figure says so instead of inventing a number.
    expect(screen.getByTestId('kpi-value-monthOverMonth').textContent).toBe('—');
    expect(screen.getByRole('button', { name: 'How “Month over month” is calculated' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(kpiDisplayValue({ ...kpiSummary.kpis.wastePercent, value: 3.3 }, 'monthOverMonth')).toBe('+3.3%');
  });

  it('opens the calculation in a labelled modal, keeps focus inside, and returns it on Escape', async () => {
    const user = userEvent.setup();
    render(
      <div id="root">
        <KpiCards summary={kpiSummary} />
      </div>,
    );
    const trigger = screen.getByRole('button', { name: 'How “Spend this month (to date)” is calculated' });
    await user.click(trigger);
    const dialog = screen.getByRole('dialog', { name: 'Spend this month (to date)' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(dialog);
    expect(document.getElementById('root')?.inert).toBe(true);
    // The calculation, step by step.
    expect(within(dialog).getByText('monthlySpend = Σ EffectiveCost in [month start, asOf)')).toBeTruthy();
    const steps = within(dialog)
      .getAllByRole('listitem')
      .filter((item) => item.classList.contains('step'));
    expect(steps.map((step) => step.querySelector('.step-label')?.textContent)).toEqual([
      'days 1–14',
      'day 15 (partial)',
      'month to date',
    ]);
    expect(steps[2]?.querySelector('.step-value')?.textContent).toBe('$4,710.05');
    expect(within(dialog).getByText('2026-01 is partial: 14.64 of 31 days elapsed')).toBeTruthy();
    // Tab cycles inside the dialog.
    const focusable = within(dialog).getAllByRole('button');
    for (let index = 0; index < focusable.length + 2; index++) await user.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(document.getElementById('root')?.inert).toBe(false);
  });

  it('closes from the Close button too', async () => {
    const user = userEvent.setup();
    render(<KpiCards summary={kpiSummary} />);
    await user.click(screen.getByRole('button', { name: 'How “Waste” is calculated' }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('CalculationView', () => {
  const calculation = kpiSummary.kpis.monthlySpend.calculation!;

  it('walks through the steps one at a time', async () => {
    const user = userEvent.setup();
    const { container } = render(<CalculationView calculation={calculation} />);
    expect(container.querySelectorAll('li.step')).toHaveLength(3);
    await user.click(screen.getByRole('button', { name: 'Walk through step by step' }));
    expect(container.querySelectorAll('li.step')).toHaveLength(1);
    expect(screen.getByText('Step 1 of 3')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous step' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Next step' }));
    await user.click(screen.getByRole('button', { name: 'Next step' }));
    expect(screen.getByText('Step 3 of 3')).toBeTruthy();
    const current = container.querySelector('[aria-current="step"]');
    expect(current?.querySelector('.step-label')?.textContent).toBe('month to date');
    expect(screen.getByRole('button', { name: 'Next step' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Show all' }));
    expect(container.querySelectorAll('li.step')).toHaveLength(3);
  });

  it('shows the inputs with units and sources, and checks the result against the last step', () => {
    render(<CalculationView calculation={calculation} />);
    expect(screen.getByText('14.64 days')).toBeTruthy();
    expect(screen.getByText('FOCUS cost records')).toBeTruthy();
    expect(screen.getByText('(the last step)')).toBeTruthy();
    expect(resultMatchesLastStep(calculation)).toBe(true);
    expect(resultMatchesLastStep({ ...calculation, result: { value: 1, unit: 'USD' } })).toBe(false);
  });
});
