import { useState } from 'react';
import { formatDateTime, formatKpiValue, formatMoney, formatRatio } from '../lib/format.js';
import type { Kpi, KpiSummary } from '../lib/types.js';
import { CalculationView } from './CalculationView.js';
import { Modal } from './Modal.js';

/** The KPIs the executive view shows, in order, with a line of context each. */
export const KPI_ORDER = [
  'monthlySpend',
  'ytdSpend',
  'identifiedSavings',
  'realizedSavings',
  'wastePercent',
  'monthOverMonth',
] as const;
export type KpiKey = (typeof KPI_ORDER)[number];

/** The text a KPI card shows as its value (also what tests compare with the API). */
export function kpiDisplayValue(kpi: Kpi, key: KpiKey): string {
  return formatKpiValue(kpi.value, kpi.unit, { signed: key === 'monthOverMonth' });
}

function contextLine(key: KpiKey, summary: KpiSummary): string {
  const { kpis, currency } = summary;
  switch (key) {
    case 'monthlySpend':
      return kpis.lastMonthSpend?.value != null
        ? `Last month: ${formatMoney(kpis.lastMonthSpend.value, currency)}`
        : 'Current UTC month, to date';
    case 'ytdSpend':
      return 'Since January 1 (UTC)';
    case 'identifiedSavings':
      return 'Per month, from live recommendations';
    case 'realizedSavings': {
      const identified = kpis.identifiedSavings.value;
      const realized = kpis.realizedSavings.value;
      return identified && realized != null
        ? `${formatRatio(realized / identified)} of identified, measured after execution`
        : 'Measured after execution';
    }
    case 'wastePercent':
      return 'Identified savings ÷ monthly run-rate';
    case 'monthOverMonth':
      return 'Last complete month vs the one before';
  }
}

function tone(key: KpiKey, kpi: Kpi): string {
  if (kpi.value === null) return '';
  if (key === 'monthOverMonth') return kpi.value > 0 ? 'kpi-up' : kpi.value < 0 ? 'kpi-down' : '';
  if (key === 'wastePercent') return kpi.value >= 20 ? 'kpi-warn' : '';
  if (key === 'realizedSavings' || key === 'identifiedSavings') return 'kpi-good';
  return '';
}

/** The KPI cards; each opens a dialog with its calculation step by step. */
export function KpiCards({ summary }: { summary: KpiSummary }) {
  const [open, setOpen] = useState<KpiKey | null>(null);
  const openKpi = open ? summary.kpis[open] : undefined;
  // Notes already shown with the calculation are not repeated.
  const caveats = openKpi?.notes.filter((note) => !openKpi.calculation?.notes?.includes(note)) ?? [];
  return (
    <>
      <ul className="kpi-grid" aria-label="Key figures">
        {KPI_ORDER.map((key) => {
          const kpi = summary.kpis[key];
          if (!kpi) return null;
          const value = kpiDisplayValue(kpi, key);
          return (
            <li key={key} className={`card kpi-card ${tone(key, kpi)}`} data-kpi={key}>
              <h3 className="kpi-label">{kpi.label}</h3>
              <p className="kpi-value" data-testid={`kpi-value-${key}`}>
                {value}
              </p>
              <p className="kpi-context muted">{contextLine(key, summary)}</p>
              {kpi.value === null && kpi.notes[0] ? <p className="kpi-note">{kpi.notes[0]}</p> : null}
              <button
                type="button"
                className="link-button kpi-drill"
                onClick={() => setOpen(key)}
                aria-label={`How “${kpi.label}” is calculated`}
                disabled={!kpi.calculation}
              >
                {kpi.calculation ? 'How is this calculated?' : 'No calculation (undefined figure)'}
              </button>
            </li>
          );
        })}
      </ul>
      {open && openKpi ? (
        <Modal
          title={openKpi.label}
          subtitle={`${kpiDisplayValue(openKpi, open)} · as of ${formatDateTime(summary.asOf)}`}
          onClose={() => setOpen(null)}
          wide
        >
          {openKpi.calculation ? <CalculationView calculation={openKpi.calculation} /> : null}
          {caveats.length > 0 ? (
            <div className="notes">
              <h4>Caveats</h4>
              <ul>
                {caveats.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </Modal>
      ) : null}
    </>
  );
}
