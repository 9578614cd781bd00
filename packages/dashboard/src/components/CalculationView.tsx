import { useId, useState } from 'react';
import { formatWithUnit } from '../lib/format.js';
import type { Calculation } from '../lib/types.js';

/** Whether the result equals the last step, as the server guarantees (tolerance 1e-6 relative). */
export function resultMatchesLastStep(calculation: Calculation): boolean {
  const last = calculation.steps[calculation.steps.length - 1];
  if (!last) return false;
  return Math.abs(last.value - calculation.result.value) <= 1e-6 * Math.max(1, Math.abs(last.value));
}

/**
 * A calculation as a person re-does it: the formula, the inputs with their
 * sources, each step with the numbers filled in, and the result. "Walk
 * through" shows one step at a time.
 */
export function CalculationView({ calculation, title }: { calculation: Calculation; title?: string }) {
  const [current, setCurrent] = useState<number | null>(null);
  const headingId = useId();
  const steps = calculation.steps;
  const inputs = Object.entries(calculation.inputs);
  const walking = current !== null;

  return (
    <section className="calculation" aria-labelledby={headingId}>
      <h3 id={headingId}>{title ?? 'How this number is calculated'}</h3>
      <dl className="calculation-meta">
        <div>
          <dt>Formula</dt>
          <dd className="formula">{calculation.formula}</dd>
        </div>
        <div>
          <dt>Method</dt>
          <dd>
            <code>{calculation.method}</code>
          </dd>
        </div>
      </dl>

      {inputs.length > 0 ? (
        <details className="calculation-inputs" open={inputs.length <= 8}>
          <summary>Inputs ({inputs.length})</summary>
          <div className="table-scroll" tabIndex={-1}>
            <table>
              <caption className="visually-hidden">Inputs of the calculation</caption>
              <thead>
                <tr>
                  <th scope="col">Input</th>
                  <th scope="col">Value</th>
                  <th scope="col">Where it comes from</th>
                </tr>
              </thead>
              <tbody>
                {inputs.map(([name, input]) => (
                  <tr key={name}>
                    <th scope="row">
                      <code>{name}</code>
                    </th>
                    <td className="num">{formatWithUnit(input.value, input.unit)}</td>
                    <td>{[input.description, input.source].filter(Boolean).join(' — ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}

      <div className="steps-header">
        <h4>
          Steps <span className="muted">({steps.length})</span>
        </h4>
        <div className="steps-controls">
          {walking ? (
            <>
              <button
                type="button"
                className="button button-small"
                onClick={() => setCurrent(Math.max(0, (current ?? 0) - 1))}
                disabled={current === 0}
              >
                Previous step
              </button>
              <span aria-live="polite" className="muted">
                Step {(current ?? 0) + 1} of {steps.length}
              </span>
              <button
                type="button"
                className="button button-small"
                onClick={() => setCurrent(Math.min(steps.length - 1, (current ?? 0) + 1))}
                disabled={current === steps.length - 1}
              >
                Next step
              </button>
              <button type="button" className="link-button" onClick={() => setCurrent(null)}>
                Show all
              </button>
            </>
          ) : steps.length > 1 ? (
            <button type="button" className="button button-small" onClick={() => setCurrent(0)}>
              Walk through step by step
            </button>
          ) : null}
        </div>
      </div>
      <ol className="steps">
        {steps.map((step, index) => {
          const hidden = walking && index > (current ?? 0);
          if (hidden) return null;
          const active = walking && index === current;
          return (
            <li
              // Steps are positional; labels may repeat.
              // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity beyond their order
              key={index}
              className={active ? 'step step-current' : 'step'}
              {...(active ? { 'aria-current': 'step' as const } : {})}
            >
              <span className="step-label">{step.label}</span>
              <span className="step-math">
                <code className="step-expression">{step.expression}</code>
                <span aria-hidden="true"> = </span>
                <span className="visually-hidden"> equals </span>
                <strong className="step-value">{formatWithUnit(step.value, step.unit)}</strong>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="calculation-result">
        Result: <strong>{formatWithUnit(calculation.result.value, calculation.result.unit)}</strong>
        {resultMatchesLastStep(calculation) ? (
          <span className="muted"> (the last step)</span>
        ) : (
          <span className="text-bad"> (does not match the last step)</span>
        )}
      </p>
      {calculation.notes && calculation.notes.length > 0 ? (
        <div className="notes">
          <h4>Notes</h4>
          <ul>
            {calculation.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
