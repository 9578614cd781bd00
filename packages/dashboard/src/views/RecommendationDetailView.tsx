import { useState } from 'react';
import { useApp } from '../app/context.js';
import { useResource, useTitle } from '../app/hooks.js';
import { recommendationIdOf } from '../app/live-messages.js';
import { ModeBadge, RiskBadge, StatusBadge } from '../components/Badges.js';
import { CalculationView } from '../components/CalculationView.js';
import { DecisionForm } from '../components/DecisionForm.js';
import { LineChart, type Threshold } from '../components/LineChart.js';
import { Link } from '../components/Link.js';
import { Modal } from '../components/Modal.js';
import { Async, Empty, ErrorState } from '../components/States.js';
import { ApiError, describeError } from '../lib/api.js';
import { canApprove, type Decision, decisionRight, stageLabel } from '../lib/approval.js';
import { colorAt } from '../lib/chart.js';
import {
  formatConfidence,
  formatDateTime,
  formatMetric,
  formatMonthly,
  formatPercent,
  humanize,
} from '../lib/format.js';
import type {
  Action,
  Approval,
  Execution,
  Recommendation,
  RecommendationDetail,
  RecommendationStatus,
  ResourceMetrics,
} from '../lib/types.js';

/** The lifecycle as a row of steps, the current one marked; side exits shown in place. */
const LIFECYCLE: RecommendationStatus[] = [
  'open',
  'pending-approval',
  'approved',
  'executing',
  'executed',
  'verified',
];

export function lifecycleSteps(
  recommendation: Recommendation,
): { status: string; state: 'done' | 'current' | 'todo' }[] {
  const status = recommendation.status;
  const steps = LIFECYCLE.filter(
    (step) => step !== 'pending-approval' || recommendation.executionMode !== 'autonomous',
  );
  const index = steps.indexOf(status);
  if (index === -1) {
    // A side exit (rejected, failed, rolled back, superseded, dismissed): the path so far, then the exit.
    const reached: Record<string, number> = {
      rejected: steps.indexOf('pending-approval'),
      failed: steps.indexOf('executing'),
      'rolled-back': steps.indexOf('executed') + 1,
    };
    const cut = reached[status] ?? 1;
    return [
      ...steps.slice(0, Math.max(1, cut)).map((step) => ({ status: step, state: 'done' as const })),
      { status, state: 'current' as const },
    ];
  }
  return steps.map((step, position) => ({
    status: step,
    state: position < index ? 'done' : position === index ? 'current' : 'todo',
  }));
}

function Lifecycle({ recommendation }: { recommendation: Recommendation }) {
  return (
    <ol className="lifecycle" aria-label="Lifecycle">
      {lifecycleSteps(recommendation).map((step) => (
        <li
          key={step.status}
          className={`lifecycle-step lifecycle-${step.state}`}
          {...(step.state === 'current' ? { 'aria-current': 'step' as const } : {})}
        >
          <span className="visually-hidden">
            {step.state === 'done' ? 'done: ' : step.state === 'current' ? 'now: ' : 'next: '}
          </span>
          {humanize(step.status)}
        </li>
      ))}
    </ol>
  );
}

function describeAction(action: Action): string {
  switch (action.type) {
    case 'resize':
      return `Resize from ${action.from} to ${action.to}`;
    case 'modify-volume':
      return `Change the volume from ${action.from} to ${action.to}${typeof action.iops === 'number' ? ` (${action.iops} IOPS)` : ''}`;
    case 'schedule':
      return `Stop and start on a schedule (${String(action.timezone ?? 'UTC')}): stop ${String(action.stopCron)}, start ${String(action.startCron)}`;
    case 'stop':
      return 'Stop the resource';
    case 'delete':
      return action.snapshotFirst === false ? 'Delete the resource' : 'Snapshot, then delete the resource';
    default:
      return `${humanize(action.type)}${action.from ? ` from ${action.from}` : ''}${action.to ? ` to ${action.to}` : ''}`;
  }
}

function ApprovalPanel({
  recommendation,
  approval,
  onChanged,
}: {
  recommendation: Recommendation;
  approval: Approval | null;
  onChanged(): void;
}) {
  const { api, session, announce } = useApp();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  if (!approval)
    return (
      <p className="muted">
        {recommendation.executionMode === 'autonomous'
          ? 'Policy routed this one to run without a person, so it has no approval.'
          : 'No approval has been requested for this recommendation.'}
      </p>
    );
  const right = decisionRight(approval, session?.user ?? null);
  const decide = async (decision: Decision, reason: string) => {
    await api.post(
      `/api/recommendations/${encodeURIComponent(recommendation.id)}/${decision}`,
      reason ? { reason } : {},
    );
    setDeciding(null);
    announce(decision === 'approve' ? 'Approved.' : 'Rejected.', 'success');
    onChanged();
  };
  return (
    <div className="approval">
      <p>
        <StatusBadge status={approval.status} label="Approval" />{' '}
        <span className="muted">{stageLabel(approval)}</span>
        <span className="muted">
          {' '}
          ·{' '}
          {approval.policyRuleId ? (
            <>
              policy rule <code>{approval.policyRuleId}</code>
            </>
          ) : (
            'policy fallback (no rule matched)'
          )}
        </span>
      </p>
      <ol className="stages">
        {approval.stages.map((stage, index) => {
          const decisions = approval.decisions.filter((decision) => decision.stage === index);
          const state =
            index < approval.currentStage
              ? 'done'
              : index === approval.currentStage && approval.status === 'pending'
                ? 'current'
                : 'todo';
          return (
            <li key={stage.name} className={`stage stage-${state}`}>
              <strong>{stage.name}</strong>{' '}
              <span className="muted">
                ({stage.roles.join(' or ')}
                {stage.approvals && stage.approvals > 1 ? `, ${stage.approvals} approvals` : ''})
              </span>
              {decisions.length > 0 ? (
                <ul>
                  {decisions.map((decision) => (
                    <li key={`${decision.actor.id}-${decision.at}`}>
                      {decision.decision === 'approve' ? 'Approved' : 'Rejected'} by{' '}
                      {decision.actor.role ?? decision.actor.type}{' '}
                      <code>{decision.actor.id.slice(0, 8)}</code> on {formatDateTime(decision.at)}
                      {decision.reason ? <>: “{decision.reason}”</> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
      {approval.status === 'pending' ? (
        right.allowed ? (
          deciding ? (
            <DecisionForm
              decision={deciding}
              onSubmit={(reason) => decide(deciding, reason)}
              onCancel={() => setDeciding(null)}
            />
          ) : (
            <div className="form-actions">
              <button type="button" className="button button-primary" onClick={() => setDeciding('approve')}>
                Approve…
              </button>
              <button type="button" className="button button-danger" onClick={() => setDeciding('reject')}>
                Reject…
              </button>
            </div>
          )
        ) : (
          <p className="muted">{right.why}</p>
        )
      ) : null}
    </div>
  );
}

function ExecutionList({
  recommendation,
  executions,
  onChanged,
}: {
  recommendation: Recommendation;
  executions: readonly Execution[];
  onChanged(): void;
}) {
  const { api, session, announce } = useApp();
  const [rollingBack, setRollingBack] = useState<Execution | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const mayAct = canApprove(session?.user.role);

  const execute = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/recommendations/${encodeURIComponent(recommendation.id)}/execute`, {});
      announce('Execution started.', 'info');
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const rollback = async () => {
    if (!rollingBack) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post(
        `/api/executions/${encodeURIComponent(rollingBack.id)}/rollback`,
        reason.trim() ? { reason: reason.trim() } : {},
      );
      announce('Rolled back.', 'success');
      setRollingBack(null);
      setReason('');
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      {recommendation.status === 'approved' && mayAct ? (
        <p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void execute()}
            disabled={busy}
          >
            Execute now (dry run first)
          </button>
        </p>
      ) : null}
      {error && !rollingBack ? <ErrorState error={error} title="The action failed" /> : null}
      {executions.length === 0 ? (
        <Empty title="Not executed yet">
          {recommendation.executionMode === 'hitl' && recommendation.status === 'pending-approval'
            ? 'It runs once approved (when execution is enabled).'
            : 'Executions appear here, live, as they happen.'}
        </Empty>
      ) : (
        <ol className="executions">
          {executions.map((execution) => (
            <li key={execution.id} className="card execution" data-execution={execution.id}>
              <p>
                <StatusBadge status={execution.status} label="Execution" />{' '}
                <span className="muted">
                  started {formatDateTime(execution.startedAt)}
                  {execution.finishedAt ? ` · finished ${formatDateTime(execution.finishedAt)}` : ''} · by{' '}
                  {execution.actor.type === 'system'
                    ? 'policy (autonomous)'
                    : (execution.actor.role ?? 'a user')}
                </span>
              </p>
              <ol className="plan-steps" aria-label="Plan">
                {execution.plan.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
              {execution.plan.warnings.length > 0 ? (
                <ul className="warnings">
                  {execution.plan.warnings.map((warning) => (
                    <li key={warning}>⚠ {warning}</li>
                  ))}
                </ul>
              ) : null}
              {execution.dryRun ? <p className="small">Dry run: {execution.dryRun.message}</p> : null}
              {execution.outcome ? <p className="small">Outcome: {execution.outcome.message}</p> : null}
              {execution.rollback ? <p className="small">Rollback: {execution.rollback.message}</p> : null}
              {execution.error ? <p className="small text-bad">Error: {execution.error.message}</p> : null}
              {execution.status === 'succeeded' && execution.plan.reversible && mayAct ? (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setRollingBack(execution)}
                >
                  Roll back…
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {rollingBack ? (
        <Modal
          title="Roll back this change?"
          subtitle={`Restores ${rollingBack.resourceId} to its state before the execution.`}
          onClose={() => {
            setRollingBack(null);
            setError(undefined);
          }}
          actions={
            <button
              type="button"
              className="button button-danger"
              onClick={() => void rollback()}
              disabled={busy}
            >
              {busy ? 'Rolling back…' : 'Roll back'}
            </button>
          }
        >
          <div className="field">
            <label htmlFor="rollback-reason">
              Reason <span className="muted">(optional)</span>
            </label>
            <textarea
              id="rollback-reason"
              data-autofocus
              rows={3}
              value={reason}
              maxLength={2000}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          {error ? <ErrorState error={error} title="The rollback failed" /> : null}
        </Modal>
      ) : null}
    </div>
  );
}

function Utilization({ recommendation }: { recommendation: Recommendation }) {
  const metrics = useResource<ResourceMetrics>(`metrics:${recommendation.resourceId}`, (api, signal) =>
    api.get(`/api/resources/${encodeURIComponent(recommendation.resourceId)}/metrics`, { days: 14 }, signal),
  );
  return (
    <Async state={metrics} loadingLabel="Loading utilization…" errorTitle="Could not load the utilization">
      {(data) =>
        data.series.length === 0 || data.series.every((series) => series.values.length === 0) ? (
          <Empty title="No utilization data">
            The provider returned no metrics for this resource in the last 14 days.
          </Empty>
        ) : (
          <div className="charts">
            {data.series.map((series, index) => {
              const thresholds: Threshold[] = recommendation.evidence
                .filter((evidence) => evidence.metric === series.metric)
                .map((evidence) => ({
                  value: evidence.value,
                  label: `${evidence.statistic} ${evidence.unit === 'Percent' || evidence.unit === 'percent' ? formatPercent(evidence.value) : formatMetric(evidence.value, series.unit)}`,
                }));
              return (
                <LineChart
                  key={series.metric}
                  series={series}
                  thresholds={thresholds}
                  color={colorAt(index)}
                />
              );
            })}
          </div>
        )
      }
    </Async>
  );
}

/** One recommendation: what, why (the calculation), the utilization behind it, its approval and executions, live. */
export function RecommendationDetailView({ id }: { id: string }) {
  const state = useResource<RecommendationDetail>(
    `recommendation:${id}`,
    (api, signal) => api.get(`/api/recommendations/${encodeURIComponent(id)}`, undefined, signal),
    { refreshOn: (message) => recommendationIdOf(message) === id, throttleMs: 150 },
  );
  useTitle(state.data ? state.data.recommendation.title : 'Recommendation');
  if (state.data === undefined && state.error instanceof ApiError && state.error.status === 404)
    return (
      <div className="view">
        <h1>Recommendation not found</h1>
        <p>{describeError(state.error)}</p>
        <Link to="/recommendations">Back to recommendations</Link>
      </div>
    );
  return (
    <div className="view view-detail">
      <p className="breadcrumbs">
        <Link to="/recommendations">Recommendations</Link> <span aria-hidden="true">›</span>
      </p>
      <Async
        state={state}
        loadingLabel="Loading the recommendation…"
        errorTitle="Could not load the recommendation"
      >
        {({ recommendation, approval, executions, resource }) => (
          <>
            <div className="view-header">
              <h1>{recommendation.title}</h1>
              <div className="badges">
                <ModeBadge mode={recommendation.executionMode} />
                <span data-testid="rec-status" data-status={recommendation.status} aria-live="polite">
                  <StatusBadge status={recommendation.status} />
                </span>
                <RiskBadge risk={recommendation.risk} />
                <span className="badge badge-outline">{humanize(recommendation.kind)}</span>
              </div>
            </div>
            <Lifecycle recommendation={recommendation} />
            {recommendation.statusReason ? <p className="muted">{recommendation.statusReason}</p> : null}

            <div className="grid-2">
              <section className="card section" aria-labelledby="what-title">
                <h2 id="what-title">What and why</h2>
                {recommendation.summary ? <p>{recommendation.summary}</p> : null}
                <dl className="facts">
                  <div>
                    <dt>Action</dt>
                    <dd>{describeAction(recommendation.action)}</dd>
                  </div>
                  <div>
                    <dt>Estimated savings</dt>
                    <dd className={recommendation.estimatedMonthlySavings < 0 ? 'text-bad' : 'text-good'}>
                      {formatMonthly(recommendation.estimatedMonthlySavings, recommendation.currency)}
                    </dd>
                  </div>
                  {recommendation.realizedMonthlySavings !== undefined ? (
                    <div>
                      <dt>Realized savings</dt>
                      <dd>{formatMonthly(recommendation.realizedMonthlySavings, recommendation.currency)}</dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>Confidence</dt>
                    <dd>{formatConfidence(recommendation.confidence)}</dd>
                  </div>
                  <div>
                    <dt>Priority</dt>
                    <dd title="estimated monthly savings × confidence">
                      {formatMonthly(recommendation.priority ?? null, recommendation.currency)}
                    </dd>
                  </div>
                  <div>
                    <dt>Routed by</dt>
                    <dd>
                      {recommendation.policyRuleId ? (
                        <code>{recommendation.policyRuleId}</code>
                      ) : (
                        'policy fallback'
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>Resource</dt>
                    <dd>
                      <code>{recommendation.resourceId}</code>
                      {resource?.name ? ` (${resource.name})` : ''} · {recommendation.service.toUpperCase()} ·{' '}
                      {recommendation.region}
                      {resource ? ` · ${resource.type}, ${resource.state}` : ''}
                    </dd>
                  </div>
                  <div>
                    <dt>Engine</dt>
                    <dd>{recommendation.engine}</dd>
                  </div>
                  <div>
                    <dt>Updated</dt>
                    <dd>{formatDateTime(recommendation.updatedAt)}</dd>
                  </div>
                </dl>
                {recommendation.evidence.length > 0 ? (
                  <>
                    <h3>Evidence</h3>
                    <ul>
                      {recommendation.evidence.map((evidence) => (
                        <li key={`${evidence.metric}-${evidence.statistic}`}>
                          {evidence.metric} {evidence.statistic}:{' '}
                          <strong>
                            {evidence.unit === 'Percent' || evidence.unit === 'percent'
                              ? formatPercent(evidence.value)
                              : `${evidence.value} ${evidence.unit ?? ''}`}
                          </strong>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </section>

              <section className="card section" aria-labelledby="approval-title">
                <h2 id="approval-title">Approval</h2>
                <ApprovalPanel recommendation={recommendation} approval={approval} onChanged={state.reload} />
                <h2 className="subsection-title">Executions</h2>
                <ExecutionList
                  recommendation={recommendation}
                  executions={executions}
                  onChanged={state.reload}
                />
              </section>
            </div>

            <section className="card section" aria-labelledby="calc-title">
              <h2 id="calc-title">Calculation</h2>
              <CalculationView calculation={recommendation.calculation} title="Step by step" />
            </section>

            <section className="card section" aria-labelledby="util-title">
              <h2 id="util-title">Utilization (last 14 days)</h2>
              <Utilization recommendation={recommendation} />
            </section>
          </>
        )}
      </Async>
    </div>
  );
}
