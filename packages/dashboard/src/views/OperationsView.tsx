import { useEffect, useState } from 'react';
import { type LiveSignal, useApp } from '../app/context.js';
import { useNow, useResource, useTitle } from '../app/hooks.js';
import { recommendationIdOf } from '../app/live-messages.js';
import { Sparkline } from '../components/LineChart.js';
import { Link } from '../components/Link.js';
import { Async, Empty } from '../components/States.js';
import {
  formatAgo,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatRate,
  humanize,
} from '../lib/format.js';
import { pathOf } from '../lib/router.js';
import type { StreamMessage, Telemetry } from '../lib/types.js';

interface Stage {
  id: string;
  name: string;
  count: number;
  countLabel: string;
  details: { label: string; value: string }[];
  rate: number | null | undefined;
}

/** The six pipeline stages with their counts and throughput, from `/api/telemetry`. */
export function pipelineStages(telemetry: Telemetry): Stage[] {
  const { pipeline } = telemetry;
  return [
    {
      id: 'scan',
      name: 'Scan',
      count: pipeline.scan.resources,
      countLabel: 'resources',
      details: [],
      rate: undefined,
    },
    {
      id: 'analyze',
      name: 'Analyze',
      count: pipeline.analyze.analyzedLastCycle,
      countLabel: 'analyzed last cycle',
      details: [],
      rate: pipeline.analyze.perMinute,
    },
    {
      id: 'policy',
      name: 'Policy',
      count: pipeline.policy.live,
      countLabel: 'live recommendations',
      details: [
        { label: 'autonomous', value: formatNumber(pipeline.policy.autonomous) },
        { label: 'HITL', value: formatNumber(pipeline.policy.hitl) },
      ],
      rate: undefined,
    },
    {
      id: 'approval',
      name: 'Approval',
      count: pipeline.approval.pending,
      countLabel: 'waiting for a person',
      details: [],
      rate: undefined,
    },
    {
      id: 'execution',
      name: 'Execution',
      count: pipeline.execution.executing,
      countLabel: 'executing now',
      details: [
        { label: 'executed', value: formatNumber(pipeline.execution.executed) },
        { label: 'failed', value: formatNumber(pipeline.execution.failed) },
      ],
      rate: pipeline.execution.perMinute,
    },
    {
      id: 'verification',
      name: 'Verification',
      count: pipeline.verification.verified,
      countLabel: 'savings verified',
      details: [],
      rate: pipeline.verification.perMinute,
    },
  ];
}

/** Total queue depth, whether the server reports one number or one per queue. */
export function totalQueueDepth(depth: Telemetry['queueDepth']): number {
  if (typeof depth === 'number') return depth;
  return Object.values(depth).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
}

function Pipeline({ telemetry }: { telemetry: Telemetry }) {
  const stages = pipelineStages(telemetry);
  return (
    <ol className="pipeline" aria-label="Pipeline, from scan to verification">
      {stages.map((stage, index) => (
        <li key={stage.id} className="pipeline-stage" data-stage={stage.id}>
          <div className="card stage-card">
            <h3>{stage.name}</h3>
            <p className="stage-count">
              <strong data-testid={`stage-count-${stage.id}`}>{formatNumber(stage.count)}</strong>{' '}
              <span className="muted">{stage.countLabel}</span>
            </p>
            {stage.details.length > 0 ? (
              <p className="stage-details muted">
                {stage.details.map((detail) => `${detail.value} ${detail.label}`).join(' · ')}
              </p>
            ) : null}
            {stage.rate !== undefined ? (
              <p className="stage-rate">
                <span className="muted">throughput</span> {formatRate(stage.rate)}
              </p>
            ) : null}
          </div>
          {index < stages.length - 1 ? (
            <span className="pipeline-arrow" aria-hidden="true">
              →
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Tile({ label, value, children }: { label: string; value: string; children?: React.ReactNode }) {
  return (
    <div className="card tile">
      <h3 className="tile-label">{label}</h3>
      <p className="tile-value">{value}</p>
      {children}
    </div>
  );
}

const ACTIVITY_TYPES = new Set([
  'cycle-end',
  'cycle-error',
  'approval-requested',
  'approval-decided',
  'execution-start',
  'execution-end',
  'execution-error',
  'execution-rolled-back',
  'recommendation-verified',
]);

function activityText(message: StreamMessage): string {
  const payload = message.payload as {
    cycleId?: number;
    durationMs?: number;
    message?: string;
    execution?: { resourceId?: string; status?: string };
    decision?: { decision?: string };
    realizedMonthlySavings?: number;
  };
  switch (message.type) {
    case 'cycle-end':
      return `Cycle ${payload.cycleId ?? '?'} finished in ${formatDuration(payload.durationMs)}`;
    case 'cycle-error':
      return `Cycle ${payload.cycleId ?? '?'} failed: ${payload.message ?? 'unknown error'}`;
    case 'execution-start':
      return `Execution started on ${payload.execution?.resourceId ?? 'a resource'}`;
    case 'execution-end':
      return `Execution on ${payload.execution?.resourceId ?? 'a resource'}: ${payload.execution?.status ?? 'done'}`;
    case 'execution-error':
      return `Execution failed on ${payload.execution?.resourceId ?? 'a resource'}: ${payload.message ?? ''}`;
    case 'execution-rolled-back':
      return `Rolled back on ${payload.execution?.resourceId ?? 'a resource'}`;
    case 'approval-decided':
      return `Approval decision: ${payload.decision?.decision ?? 'decided'}`;
    default:
      return humanize(message.type);
  }
}

/** Operations: the pipeline as a flow with live counts, telemetry, and a live activity feed. Refreshes every 3 s. */
export function OperationsView() {
  useTitle('Operations');
  const { live, liveState } = useApp();
  const now = useNow(1000);
  const telemetry = useResource<Telemetry>(
    'telemetry',
    (api, signal) => api.get('/api/telemetry', undefined, signal),
    {
      pollMs: 3000,
      refreshOn: (message) =>
        message.type === 'cycle-telemetry' ||
        message.type === 'cycle-end' ||
        message.type.startsWith('execution-'),
    },
  );
  const [activity, setActivity] = useState<{ message: StreamMessage; receivedAt: number }[]>([]);
  useEffect(
    () =>
      live.subscribe((signal: LiveSignal) => {
        if (signal === 'resync' || !ACTIVITY_TYPES.has(signal.type)) return;
        setActivity((items) => [{ message: signal, receivedAt: Date.now() }, ...items].slice(0, 15));
      }),
    [live],
  );
  const [updatedAt, setUpdatedAt] = useState<number | undefined>();
  useEffect(() => {
    if (telemetry.data) setUpdatedAt(Date.now());
  }, [telemetry.data]);

  return (
    <div className="view view-operations">
      <div className="view-header">
        <h1>Operations</h1>
        <p className="muted">
          Refreshes every 3 seconds{updatedAt ? ` · updated ${formatAgo(updatedAt, now)}` : ''}
        </p>
      </div>
      <Async state={telemetry} loadingLabel="Loading telemetry…" errorTitle="Could not load the telemetry">
        {(data) => {
          const cycles = data.cycles;
          const last = cycles[cycles.length - 1];
          const durations = cycles.map((cycle) => cycle.durationMs);
          const meanDuration = durations.length
            ? durations.reduce((sum, value) => sum + value, 0) / durations.length
            : null;
          const errors = cycles.reduce((sum, cycle) => sum + cycle.errors, 0);
          const depth = data.queueDepth;
          return (
            <>
              <section aria-labelledby="pipeline-title" className="section">
                <div className="section-header">
                  <h2 id="pipeline-title">Pipeline</h2>
                  <span className={data.running ? 'badge badge-good' : 'badge badge-muted'}>
                    {data.running ? 'Autopilot running' : 'Autopilot stopped'}
                  </span>
                </div>
                <Pipeline telemetry={data} />
                {data.notes?.map((note) => (
                  <p key={note} className="muted small">
                    {note}
                  </p>
                ))}
              </section>

              <section aria-labelledby="telemetry-title" className="section">
                <h2 id="telemetry-title">Telemetry</h2>
                <div className="tiles">
                  <Tile label="Last cycle" value={formatDuration(last?.durationMs)}>
                    <p className="muted small">
                      mean {formatDuration(meanDuration)} over {cycles.length} cycles
                    </p>
                    {durations.length > 1 ? (
                      <Sparkline
                        values={durations}
                        label={`Cycle durations of the last ${durations.length} cycles`}
                      />
                    ) : null}
                  </Tile>
                  <Tile label="Queue depth" value={formatNumber(totalQueueDepth(depth))}>
                    {typeof depth === 'object' ? (
                      <p className="muted small">
                        {Object.entries(depth)
                          .map(([queue, value]) => `${queue} ${formatNumber(value)}`)
                          .join(' · ')}
                      </p>
                    ) : null}
                  </Tile>
                  <Tile label="Errors" value={formatNumber(errors)}>
                    <p className="muted small">
                      in the last {cycles.length} cycles
                      {last ? ` · last cycle ${formatNumber(last.errors)}` : ''}
                    </p>
                  </Tile>
                  <Tile
                    label="WebSocket"
                    value={
                      liveState.status === 'open'
                        ? 'Connected'
                        : liveState.status === 'reconnecting'
                          ? 'Reconnecting'
                          : humanize(liveState.status)
                    }
                  >
                    <p className="muted small" data-testid="ws-detail">
                      {formatNumber(liveState.received)} events received
                      {liveState.lastEventAt ? ` · last ${formatAgo(liveState.lastEventAt, now)}` : ''}
                      {liveState.status !== 'open' ? ' · polling every 3 s' : ''}
                    </p>
                  </Tile>
                </div>
              </section>

              <div className="grid-2">
                <section aria-labelledby="cycles-title" className="card section">
                  <h2 id="cycles-title">Recent cycles</h2>
                  {cycles.length === 0 ? (
                    <Empty title="No cycle has run yet">The first cycle starts when the server starts.</Empty>
                  ) : (
                    <div className="table-scroll" tabIndex={-1}>
                      <table>
                        <caption className="visually-hidden">Most recent cycles first</caption>
                        <thead>
                          <tr>
                            <th scope="col">Cycle</th>
                            <th scope="col">At</th>
                            <th scope="col" className="num">
                              Duration
                            </th>
                            <th scope="col" className="num">
                              Analyzed
                            </th>
                            <th scope="col" className="num">
                              Executed
                            </th>
                            <th scope="col" className="num">
                              Verified
                            </th>
                            <th scope="col" className="num">
                              Errors
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {[...cycles]
                            .reverse()
                            .slice(0, 10)
                            .map((cycle) => (
                              <tr key={cycle.cycleId}>
                                <th scope="row">#{cycle.cycleId}</th>
                                <td>{formatDateTime(cycle.at)}</td>
                                <td className="num">{formatDuration(cycle.durationMs)}</td>
                                <td className="num">{formatNumber(cycle.analyzed)}</td>
                                <td className="num">{formatNumber(cycle.executed)}</td>
                                <td className="num">{formatNumber(cycle.verified)}</td>
                                <td className={cycle.errors > 0 ? 'num text-bad' : 'num'}>
                                  {formatNumber(cycle.errors)}
                                </td>
                              </tr>
                            ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </section>
                <section aria-labelledby="activity-title" className="card section">
                  <h2 id="activity-title">Live activity</h2>
                  {activity.length === 0 ? (
                    <Empty title="Waiting for events">
                      {liveState.status === 'open'
                        ? 'Cycles, approvals and executions appear here as they happen, from the moment this view opened.'
                        : 'The live stream is not connected; the figures above still refresh every 3 seconds.'}
                    </Empty>
                  ) : (
                    <ol className="activity" aria-label="Most recent first">
                      {activity.map(({ message, receivedAt }) => {
                        const id = recommendationIdOf(message);
                        return (
                          <li key={`${receivedAt}-${message.seq}`}>
                            <span className="muted small">{formatAgo(receivedAt, now)}</span>{' '}
                            {id ? (
                              <Link to={pathOf({ name: 'recommendation', id })}>{activityText(message)}</Link>
                            ) : (
                              activityText(message)
                            )}
                          </li>
                        );
                      })}
                    </ol>
                  )}
                </section>
              </div>
            </>
          );
        }}
      </Async>
    </div>
  );
}
