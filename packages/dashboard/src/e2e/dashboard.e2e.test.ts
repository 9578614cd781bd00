/**
 * End to end, in a real headless Chromium against the real server started
 * from the built packages: sign in, KPIs that match the API, the mode filter,
 * a recommendation's calculation, an approval executed live over the
 * WebSocket and rolled back, the operations view, phone width, sign out. Screenshots of each view go to
 * `test-artifacts/screenshots/`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKpiValue } from '../lib/format.js';
import type {
  Page as ApiPage,
  Approval,
  CostHistory,
  KpiSummary,
  Recommendation,
  RecommendationDetail,
  Telemetry,
} from '../lib/types.js';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  apiGet,
  apiLogin,
  launchChromium,
  type RunningServer,
  SCREENSHOT_DIR,
  startServer,
  waitFor,
} from './harness.js';

const KPI_KEYS = [
  'monthlySpend',
  'ytdSpend',
  'identifiedSavings',
  'realizedSavings',
  'wastePercent',
  'monthOverMonth',
] as const;

/** What a KPI card must show for the API's value (the dashboard's own formatting rules). */
function expectedKpiText(summary: KpiSummary, key: (typeof KPI_KEYS)[number]): string {
  const kpi = summary.kpis[key];
  return formatKpiValue(kpi.value, kpi.unit, { signed: key === 'monthOverMonth' });
}

describe('dashboard in Chromium against the real server', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  const pageErrors: string[] = [];
  /** Status changes the page received over its WebSocket: `recommendationId → statuses`. */
  const streamed = new Map<string, string[]>();
  let sockets = 0;

  /** Changes the autopilot's pause between cycles through `PATCH /api/config` (admin). */
  const setCycleInterval = async (cycleIntervalMs: number) => {
    const response = await fetch(`${server!.url}/api/config`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cycleIntervalMs }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  const screenshot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('websocket', (socket) => {
      sockets += 1;
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string' || !payload.includes('"recommendation-status"')) return;
        const message = JSON.parse(payload) as {
          type: string;
          payload: { recommendationId: string; to: string };
        };
        if (message.type !== 'recommendation-status') return;
        const list = streamed.get(message.payload.recommendationId) ?? [];
        list.push(message.payload.to);
        streamed.set(message.payload.recommendationId, list);
      });
    });
    token = (await apiLogin(server.url)).accessToken;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  it('redirects to sign-in, refuses a wrong password, then signs in', async () => {
    const url = server!.url;
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong email or password.');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Executive overview' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const stored = await page.evaluate(() => sessionStorage.getItem('finops-autopilot.session'));
    expect(JSON.parse(stored ?? '{}').user.email).toBe(ADMIN_EMAIL);
  }, 45_000);

  it('shows KPI cards whose numbers match GET /api/kpis/summary, with the calculation behind each', async () => {
    await page.locator('[data-testid="kpi-value-monthlySpend"]').waitFor();
    // The figures move with every cycle, and within one (each resource is its own transaction).
    // Hold the cycles back through the config API, as an operator would, so the cards and the API
    // can settle on the same figures; compare them until they do.
    await setCycleInterval(86_400_000);
    let matched: { summary: KpiSummary; shown: (string | null)[] };
    try {
      matched = await waitFor(
        'the KPI cards to show the figures of the API',
        async () => {
          const summary = await apiGet<KpiSummary>(server!.url, token, '/api/kpis/summary');
          const shown = await Promise.all(
            KPI_KEYS.map((key) => page.getByTestId(`kpi-value-${key}`).textContent()),
          );
          const expected = KPI_KEYS.map((key) => expectedKpiText(summary, key));
          return shown.every((text, index) => text === expected[index]) ? { summary, shown } : undefined;
        },
        30_000,
        300,
      );
    } finally {
      await setCycleInterval(3000);
    }
    // With the cycles back, the cards follow them over the live stream, without a reload.
    await waitFor(
      'the KPI cards to follow the next cycles live',
      async () =>
        (await page.getByTestId('kpi-value-monthlySpend').textContent()) !== matched.shown[0]
          ? true
          : undefined,
      30_000,
      300,
    );
    expect(matched.shown).toHaveLength(6);
    expect(matched.shown[0]).toMatch(/^\$[\d,]+(\.\d\d)?$/);
    await page.getByTestId('config-banner').waitFor();

    await page.getByRole('button', { name: 'How “Spend this month (to date)” is calculated' }).click();
    const dialog = page.getByRole('dialog', { name: 'Spend this month (to date)' });
    await dialog.waitFor();
    await expect(dialog.locator('.formula').textContent()).resolves.toBe(
      matched.summary.kpis.monthlySpend.calculation?.formula,
    );
    expect(await dialog.locator('li.step').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Cost history: 12 months and the breakdown by resource type, as the API answers them.
    const historySection = page.locator('section', {
      has: page.getByRole('heading', { name: 'Cost history' }),
    });
    const chartTitle = historySection.locator('.chart-svg > title');
    await chartTitle.waitFor({ state: 'attached' });
    await historySection.getByRole('radio', { name: '12 months' }).check({ force: true });
    await historySection.getByRole('radio', { name: 'Resource type' }).check({ force: true });
    const byType = await apiGet<CostHistory>(
      server!.url,
      token,
      '/api/costs/history?months=12&groupBy=resourceType',
    );
    expect(byType.months).toHaveLength(12);
    const typeKeys = [...new Set(byType.months.flatMap((month) => Object.keys(month.groups)))].sort();
    await waitFor('the cost history to show 12 months by resource type', async () => {
      const title = (await chartTitle.textContent()) ?? '';
      const legend = (await historySection.locator('.legend li').allTextContents()).sort();
      return title.includes('last 12 months') && JSON.stringify(legend) === JSON.stringify(typeKeys)
        ? true
        : undefined;
    });
    await page.getByRole('heading', { name: 'This month by resource type' }).waitFor();
    await historySection.getByRole('radio', { name: '6 months' }).check({ force: true });
    await historySection.getByRole('radio', { name: 'Service' }).check({ force: true });
    await waitFor('the cost history to show 6 months by service', async () =>
      ((await chartTitle.textContent()) ?? '').includes('last 6 months') &&
      (await page.getByRole('heading', { name: 'This month by service' }).count()) === 1
        ? true
        : undefined,
    );

    await page.locator('.rec-card').first().waitFor();
    await page.locator('.chart-svg').first().waitFor();
    await screenshot('executive');
  }, 45_000);

  it('filters by execution mode, with a mode badge on every recommendation', async () => {
    const hitl = await apiGet<{ items: Recommendation[] }>(
      server!.url,
      token,
      '/api/recommendations/top?n=6&mode=hitl',
    );
    const topSection = page.locator('section', {
      has: page.getByRole('heading', { name: 'Top recommendations' }),
    });
    await topSection.getByRole('radio', { name: 'HITL' }).check({ force: true });
    await waitFor('the top list to show HITL recommendations only', async () => {
      const badges = await topSection
        .locator('.rec-card .badge-mode-hitl, .rec-card .badge-mode-autonomous')
        .allTextContents();
      return badges.length === hitl.items.length && badges.every((text) => text.endsWith('HITL'))
        ? true
        : undefined;
    });

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Recommendations' })
      .click();
    await page.getByRole('heading', { name: 'Recommendations', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Autonomous' }).check({ force: true });
    await page.waitForURL(/\?mode=autonomous$/);
    const autonomous = await apiGet<ApiPage<Recommendation>>(
      server!.url,
      token,
      '/api/recommendations?mode=autonomous&limit=25',
    );
    await waitFor('the table to show autonomous recommendations only', async () => {
      const count = await page.getByTestId('results-count').textContent();
      if (autonomous.total === 0) return count === 'No recommendations match.' ? true : undefined;
      const rows = page.locator('table.rec-table tbody tr');
      const modes = await rows.locator('td:nth-child(2)').allTextContents();
      return modes.length > 0 && modes.every((text) => text.endsWith('Autonomous')) ? true : undefined;
    });
    await page.getByRole('radio', { name: 'HITL' }).check({ force: true });
    await page.waitForURL(/\?mode=hitl$/);
    await waitFor('the table to show HITL recommendations only', async () => {
      const modes = await page.locator('table.rec-table tbody tr td:nth-child(2)').allTextContents();
      return modes.length > 0 && modes.every((text) => text.endsWith('HITL')) ? true : undefined;
    });
  }, 45_000);

  it('opens a recommendation and shows its calculation step by step and its utilization', async () => {
    const link = page.locator('table.rec-table tbody tr th a').first();
    const title = (await link.textContent()) ?? '';
    await link.click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const detail = await apiGet<RecommendationDetail>(
      server!.url,
      token,
      `/api/recommendations/${encodeURIComponent(id)}`,
    );
    const calculation = page.locator('section', { has: page.getByRole('heading', { name: 'Calculation' }) });
    await expect(calculation.locator('.formula').textContent()).resolves.toBe(
      detail.recommendation.calculation.formula,
    );
    const expressions = await calculation.locator('li.step .step-expression').allTextContents();
    expect(expressions).toEqual(detail.recommendation.calculation.steps.map((step) => step.expression));
    await calculation.getByRole('button', { name: 'Walk through step by step' }).click();
    await calculation.getByText(`Step 1 of ${detail.recommendation.calculation.steps.length}`).waitFor();
    await calculation.getByRole('button', { name: 'Show all' }).click();
    await page.locator('.chart-line').first().waitFor();
    await screenshot('recommendation-detail');
  }, 45_000);

  it('approves a HITL recommendation and shows it executing live, without a reload', async () => {
    const url = server!.url;
    // A recommendation waiting for one approval stage that an admin may decide.
    const target = await waitFor('a single-stage pending approval', async () => {
      const approvals = await apiGet<{ items: Approval[] }>(
        url,
        token,
        '/api/approvals?status=pending&limit=500',
      );
      const single = approvals.items.filter(
        (approval) => approval.stages.length === 1 && approval.stages[0]?.roles.includes('admin'),
      );
      for (const approval of single) {
        const detail = await apiGet<RecommendationDetail>(
          url,
          token,
          `/api/recommendations/${approval.recommendationId}`,
        );
        if (
          detail.recommendation.status === 'pending-approval' &&
          detail.recommendation.executionMode === 'hitl'
        )
          return detail.recommendation;
      }
      return undefined;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: 'Approvals', level: 1 }).waitFor();
    await page.locator('table.inbox-table').waitFor();
    await screenshot('approvals');
    await page.locator(`tr[data-recommendation="${target.id}"] th a`).click();
    await page.getByRole('heading', { name: target.title, level: 1 }).waitFor();
    await waitFor('the live stream to be connected', async () =>
      (await page.getByTestId('live-status').getAttribute('data-status')) === 'open' ? true : undefined,
    );
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    await expect(page.getByTestId('rec-status').getAttribute('data-status')).resolves.toBe(
      'pending-approval',
    );

    await page.getByRole('button', { name: 'Approve…' }).click();
    await page.getByLabel(/Reason/).fill('End-to-end test: safe change');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const finalStatus = await waitFor(
      'the status to become executed (pushed over the WebSocket)',
      async () => {
        const status = await page.getByTestId('rec-status').getAttribute('data-status');
        return status === 'executed' || status === 'verified' ? status : undefined;
      },
      20_000,
      100,
    );
    expect(['executed', 'verified']).toContain(finalStatus);
    await page
      .locator('[data-execution] [data-status="succeeded"], [data-execution] [data-status="rolled-back"]')
      .first()
      .waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // The page heard it on its WebSocket: approved → executing → executed.
    expect(streamed.get(target.id)).toEqual(expect.arrayContaining(['approved', 'executing', 'executed']));
    expect(sockets).toBeGreaterThan(0);
    const after = await apiGet<RecommendationDetail>(url, token, `/api/recommendations/${target.id}`);
    expect(['executed', 'verified']).toContain(after.recommendation.status);
    expect(after.approval?.decisions[0]?.reason).toBe('End-to-end test: safe change');
  }, 60_000);

  it('rolls the change back from the detail view, live', async () => {
    await page.getByRole('button', { name: 'Roll back…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back this change?' });
    await dialog.getByLabel(/Reason/).fill('End-to-end test: undo');
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the status to become rolled back', async () =>
      (await page.getByTestId('rec-status').getAttribute('data-status')) === 'rolled-back' ? true : undefined,
    );
    await page.locator('[data-execution] [data-status="rolled-back"]').first().waitFor();
  }, 30_000);

  it('shows the pipeline with live counts and the telemetry on the operations view', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    const telemetry = await apiGet<Telemetry>(server!.url, token, '/api/telemetry');
    await waitFor('the scan stage to show the resource count', async () =>
      (await page.getByTestId('stage-count-scan').textContent()) === String(telemetry.pipeline.scan.resources)
        ? true
        : undefined,
    );
    for (const stage of ['scan', 'analyze', 'policy', 'approval', 'execution', 'verification'])
      await page.locator(`[data-stage="${stage}"]`).waitFor();
    await page.getByText('Connected').waitFor();
    await page.getByRole('heading', { name: 'Recent cycles' }).waitFor();
    await screenshot('operations');
  }, 45_000);

  it('reads at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Executive' }).click();
    await page.locator('[data-testid="kpi-value-monthlySpend"]').waitFor();
    await page.locator('.rec-card').first().waitFor();
    await page.locator('.chart-svg').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot('executive-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 30_000);

  it('signs out and protects the views again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('You are signed out.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('finops-autopilot.session'))).toBeNull();
    await page.goto(`${server!.url}/operations`);
    await page.waitForURL(/\/login\?next=%2Foperations$/);
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
