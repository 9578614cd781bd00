import { useId, useState } from 'react';
import { useApp } from '../app/context.js';
import { useResource, useTitle } from '../app/hooks.js';
import { isKpiEvent, isRecommendationEvent } from '../app/live-messages.js';
import { ModeBadge, StatusBadge } from '../components/Badges.js';
import { CalculationView } from '../components/CalculationView.js';
import { ConfigBanner } from '../components/ConfigBanner.js';
import { CostHistoryChart } from '../components/CostHistoryChart.js';
import { KpiCards } from '../components/KpiCards.js';
import { Link } from '../components/Link.js';
import { Modal } from '../components/Modal.js';
import { ModeFilter } from '../components/ModeFilter.js';
import { RecommendationCards } from '../components/RecommendationCards.js';
import { Async, Empty } from '../components/States.js';
import { colorAt } from '../lib/chart.js';
import type { ModeFilter as Mode } from '../lib/filters.js';
import { formatDateTime, formatMoney, formatMonthly, formatRatio } from '../lib/format.js';
import { pathOf } from '../lib/router.js';
import type {
  BreakdownRow,
  ConfigStatus,
  CostGroupBy,
  CostHistory,
  KpiSummary,
  Page,
  Recommendation,
  TopRecommendations,
} from '../lib/types.js';

const GROUPS: { value: CostGroupBy; label: string }[] = [
  { value: 'service', label: 'Service' },
  { value: 'resourceType', label: 'Resource type' },
];

function Toggle<T extends string | number>({
  legend,
  options,
  value,
  onChange,
}: {
  legend: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange(value: T): void;
}) {
  const name = useId();
  return (
    <fieldset className="segmented segmented-small">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label
          key={String(option.value)}
          className={value === option.value ? 'segment segment-on' : 'segment'}
        >
          <input
            type="radio"
            name={name}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

function BreakdownBars({ rows, currency }: { rows: readonly BreakdownRow[]; currency: string }) {
  if (rows.length === 0) return <Empty title="No spend in this window yet" />;
  return (
    <ul className="breakdown">
      {rows.map((row, index) => (
        <li key={row.key}>
          <span className="breakdown-key">
            <span className="swatch" style={{ background: colorAt(index) }} aria-hidden="true" />
            {row.key}
          </span>
          <span className="breakdown-bar" aria-hidden="true">
            <span
              style={{ width: `${Math.max(0, Math.min(100, row.share * 100))}%`, background: colorAt(index) }}
            />
          </span>
          <span className="num">{formatMoney(row.cost, currency)}</span>
          <span className="num muted">{formatRatio(row.share)}</span>
        </li>
      ))}
    </ul>
  );
}

function AiHistory({ status }: { status: ConfigStatus | undefined }) {
  const aiEngines = Object.entries(status?.engines ?? {}).filter(([engine]) => engine !== 'heuristic');
  const aiOn = Boolean(status?.aiKey) && aiEngines.some(([, on]) => on);
  const state = useResource<Page<Recommendation>>(
    aiOn ? 'ai-history' : null,
    (api, signal) =>
      api.get('/api/recommendations', { sort: 'updatedAt', order: 'desc', limit: 200 }, signal),
    { refreshOn: isRecommendationEvent, throttleMs: 2000 },
  );
  const [open, setOpen] = useState<Recommendation | null>(null);
  if (!status) return null;
  if (!aiOn)
    return (
      <Empty title="The AI engine is not configured yet">
        <p>
          Every recommendation so far comes from the heuristic engine, whose rules and arithmetic are shown
          with each one. AI mode history (what the LLM proposed, what the guardrails accepted or refused, and
          why) appears here once the AI engine runs: set <code>GEMINI_API_KEY</code> on the server and turn
          the AI engine on in the configuration.
        </p>
      </Empty>
    );
  return (
    <Async state={state} loadingLabel="Loading AI proposals…">
      {(page) => {
        const items = page.items.filter((item) => item.engine !== 'heuristic').slice(0, 10);
        if (items.length === 0)
          return (
            <Empty title="No AI proposals yet">
              The AI engine is on; its proposals will appear here after its next analysis.
            </Empty>
          );
        return (
          <>
            <ul className="ai-history">
              {items.map((item) => (
                <li key={item.id}>
                  <button type="button" className="link-button" onClick={() => setOpen(item)}>
                    {item.title}
                  </button>{' '}
                  <span className="muted">
                    {item.engine} · {formatDateTime(item.updatedAt)}
                  </span>{' '}
                  <ModeBadge mode={item.executionMode} /> <StatusBadge status={item.status} />
                </li>
              ))}
            </ul>
            {open ? (
              <Modal
                title={open.title}
                subtitle={`Proposed by ${open.engine}`}
                onClose={() => setOpen(null)}
                wide
              >
                {open.summary ? <p>{open.summary}</p> : null}
                <CalculationView calculation={open.calculation} />
              </Modal>
            ) : null}
          </>
        );
      }}
    </Async>
  );
}

/** Executive overview: KPIs with their calculations, cost history, top recommendations, configuration, AI. */
export function ExecutiveView() {
  useTitle('Executive overview');
  const { liveState } = useApp();
  const [months, setMonths] = useState<6 | 12>(6);
  const [groupBy, setGroupBy] = useState<CostGroupBy>('service');
  const [mode, setMode] = useState<Mode>('all');

  const summary = useResource<KpiSummary>(
    'kpis',
    (api, signal) => api.get('/api/kpis/summary', undefined, signal),
    {
      refreshOn: isKpiEvent,
    },
  );
  const config = useResource<ConfigStatus>(
    'config-status',
    (api, signal) => api.get('/api/config/status', undefined, signal),
    { refreshOn: (message) => message.type === 'config-changed' },
  );
  const history = useResource<CostHistory>(
    `history:${months}:${groupBy}`,
    (api, signal) => api.get('/api/costs/history', { months, groupBy }, signal),
    { refreshOn: (message) => message.type === 'kpi-changed', throttleMs: 1500, keepPrevious: true },
  );
  const top = useResource<TopRecommendations>(
    `top:${mode}`,
    (api, signal) => api.get('/api/recommendations/top', { n: 6, mode }, signal),
    { refreshOn: isRecommendationEvent, keepPrevious: true },
  );

  return (
    <div className="view view-executive">
      <div className="view-header">
        <h1>Executive overview</h1>
        <p className="muted" aria-live="off">
          {summary.data ? `Figures as of ${formatDateTime(summary.data.asOf)}` : 'Loading figures…'}
          {liveState.status === 'open' ? ' · updating live' : ' · refreshing every 10 s'}
        </p>
      </div>

      {config.data ? <ConfigBanner status={config.data} /> : null}

      <section aria-labelledby="kpi-title" className="section">
        <h2 id="kpi-title" className="visually-hidden">
          Key figures
        </h2>
        <Async
          state={summary}
          loadingLabel="Loading key figures…"
          errorTitle="Could not load the key figures"
        >
          {(data) => <KpiCards summary={data} />}
        </Async>
      </section>

      <div className="grid-2">
        <section aria-labelledby="history-title" className="card section">
          <div className="section-header">
            <h2 id="history-title">Cost history</h2>
            <div className="controls">
              <Toggle<6 | 12>
                legend="Period"
                options={[
                  { value: 6 as const, label: '6 months' },
                  { value: 12 as const, label: '12 months' },
                ]}
                value={months}
                onChange={setMonths}
              />
              <Toggle<CostGroupBy>
                legend="Break down by"
                options={GROUPS}
                value={groupBy}
                onChange={setGroupBy}
              />
            </div>
          </div>
          <Async
            state={history}
            loadingLabel="Loading cost history…"
            errorTitle="Could not load the cost history"
          >
            {(data) =>
              data.months.every((month) => month.records === 0) ? (
                <Empty title="No cost records yet">Costs appear after the first scan of the fleet.</Empty>
              ) : (
                <div className={history.stale ? 'updating' : undefined} aria-busy={history.stale}>
                  <CostHistoryChart history={data} />
                </div>
              )
            }
          </Async>
        </section>

        <section aria-labelledby="breakdown-title" className="card section">
          <div className="section-header">
            <h2 id="breakdown-title">This month by {groupBy === 'service' ? 'service' : 'resource type'}</h2>
          </div>
          <Async state={summary} loadingLabel="Loading breakdown…">
            {(data) => (
              <>
                <BreakdownBars
                  rows={groupBy === 'service' ? data.breakdown.byService : data.breakdown.byResourceType}
                  currency={data.currency}
                />
                <p className="muted small">
                  Total {formatMoney(data.breakdown.total, data.currency)} from{' '}
                  {formatDateTime(data.breakdown.window.start)} to {formatDateTime(data.breakdown.window.end)}
                  .
                </p>
              </>
            )}
          </Async>
        </section>
      </div>

      <section aria-labelledby="top-title" className="card section">
        <div className="section-header">
          <h2 id="top-title">Top recommendations</h2>
          <ModeFilter value={mode} onChange={setMode} />
        </div>
        <p className="muted small">
          Ranked by priority = estimated monthly savings × confidence. Live recommendations only (open,
          pending approval, approved).
        </p>
        <Async state={top} loadingLabel="Loading recommendations…">
          {(data) =>
            data.items.length === 0 ? (
              <Empty title="Nothing to show for this filter">
                {mode === 'pending'
                  ? 'No recommendation is waiting for an approval.'
                  : 'No live recommendation matches; new ones appear after the next analysis.'}
              </Empty>
            ) : (
              <div className={top.stale ? 'updating' : undefined} aria-busy={top.stale}>
                <RecommendationCards items={data.items} />
              </div>
            )
          }
        </Async>
        <p>
          <Link to={pathOf({ name: 'recommendations', search: mode === 'all' ? '' : `mode=${mode}` })}>
            See all recommendations
          </Link>
          {summary.data ? (
            <span className="muted">
              {' '}
              · {formatMonthly(summary.data.kpis.identifiedSavings.value, summary.data.currency)} identified
              in total
            </span>
          ) : null}
        </p>
      </section>

      <section aria-labelledby="ai-title" className="card section">
        <h2 id="ai-title">AI mode history</h2>
        {config.data ? (
          <AiHistory status={config.data} />
        ) : (
          <Async state={config} loadingLabel="Loading configuration…">
            {() => null}
          </Async>
        )}
      </section>
    </div>
  );
}
