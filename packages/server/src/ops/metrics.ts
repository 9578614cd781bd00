import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ServerContext } from '../context.js';
import type { StreamEvent } from '../events/hub.js';
import { VERSION } from '../version.js';

/** Why the server cut a WebSocket client off. */
export type WsDropReason = 'slow' | 'heartbeat';

/**
 * The server's Prometheus metrics, in a registry of their own (never the global one,
 * so several servers can live in one process).
 *
 * | name | type | labels | what |
 * |---|---|---|---|
 * | `finops_build_info` | gauge | `version` | always 1 |
 * | `finops_http_request_duration_seconds` | histogram | `method`, `route`, `status_code` | every HTTP answer; `route` is the route pattern (`/api/recommendations/:id`), `unmatched` for 404s without a route |
 * | `finops_autopilot_cycle_duration_seconds` | histogram | `tenant` | each finished autopilot cycle |
 * | `finops_autopilot_cycle_errors_total` | counter | `tenant` | errors counted by cycles (`stats.errors`) |
 * | `finops_autopilot_cycle_failures_total` | counter | `tenant` | cycles that failed as a whole (`cycle-error`) |
 * | `finops_autopilot_queue_depth` | gauge | `tenant` | work waiting at the end of the last cycle |
 * | `finops_autopilot_last_cycle_stats` | gauge | `tenant`, `stat` | the last cycle's counts (`resources`, `analyzed`, `created`, …) |
 * | `finops_autopilot_last_cycle_end_timestamp_seconds` | gauge | `tenant` | when the last cycle ended |
 * | `finops_stream_events_total` | counter | `type` | events through the server's hub |
 * | `finops_ws_clients` | gauge | | open WebSocket connections |
 * | `finops_ws_connections_total` | counter | | WebSocket connections accepted |
 * | `finops_ws_messages_sent_total` | counter | | messages written to WebSocket clients |
 * | `finops_ws_clients_dropped_total` | counter | `reason` | clients cut off: `slow` (buffer above the bound), `heartbeat` (no pong) |
 *
 * Plus the default Node.js process metrics of prom-client (`process_*`, `nodejs_*`).
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly wsClients: Gauge;
  readonly wsConnections: Counter;
  readonly wsMessagesSent: Counter;
  readonly wsDropped: Counter<'reason'>;
  /** Stops listening to the event hub. */
  close(): void;
}

const STAT_NAMES = [
  'resources',
  'analyzed',
  'skipped',
  'created',
  'updated',
  'superseded',
  'executed',
  'verified',
  'errors',
] as const;

/** Creates the metrics and feeds the autopilot ones from the event hub. */
export function createMetrics(ctx: ServerContext): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const buildInfo = new Gauge({
    name: 'finops_build_info',
    help: 'Version of the FinOps Autopilot server; always 1.',
    labelNames: ['version'] as const,
    registers: [registry],
  });
  buildInfo.set({ version: VERSION }, 1);

  const httpDuration = new Histogram({
    name: 'finops_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const cycleDuration = new Histogram({
    name: 'finops_autopilot_cycle_duration_seconds',
    help: 'Duration of autopilot cycles in seconds.',
    labelNames: ['tenant'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const cycleErrors = new Counter({
    name: 'finops_autopilot_cycle_errors_total',
    help: 'Errors counted by autopilot cycles (resources or steps that failed, and failed cycles).',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  const cycleFailures = new Counter({
    name: 'finops_autopilot_cycle_failures_total',
    help: 'Autopilot cycles that failed as a whole.',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'finops_autopilot_queue_depth',
    help: 'Work waiting in the autopilot queue at the end of the last cycle.',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  const lastCycle = new Gauge({
    name: 'finops_autopilot_last_cycle_stats',
    help: 'Counts of the last finished autopilot cycle, by stat.',
    labelNames: ['tenant', 'stat'] as const,
    registers: [registry],
  });
  const lastCycleEnd = new Gauge({
    name: 'finops_autopilot_last_cycle_end_timestamp_seconds',
    help: 'When the last autopilot cycle ended, in Unix seconds.',
    labelNames: ['tenant'] as const,
    registers: [registry],
  });
  const streamEvents = new Counter({
    name: 'finops_stream_events_total',
    help: 'Events published through the server event hub, by type.',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const wsClients = new Gauge({
    name: 'finops_ws_clients',
    help: 'Open WebSocket connections.',
    registers: [registry],
  });
  const wsConnections = new Counter({
    name: 'finops_ws_connections_total',
    help: 'WebSocket connections accepted.',
    registers: [registry],
  });
  const wsMessagesSent = new Counter({
    name: 'finops_ws_messages_sent_total',
    help: 'Messages written to WebSocket clients.',
    registers: [registry],
  });
  const wsDropped = new Counter({
    name: 'finops_ws_clients_dropped_total',
    help: 'WebSocket clients cut off by the server: slow (send buffer above the bound) or heartbeat (no pong).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of ['slow', 'heartbeat'] satisfies WsDropReason[]) wsDropped.inc({ reason }, 0);

  const onEvent = (event: StreamEvent): void => {
    streamEvents.inc({ type: event.type });
    const tenant = event.tenantId;
    switch (event.type) {
      case 'cycle-end': {
        const { durationMs, stats } = event.payload;
        cycleDuration.observe({ tenant }, durationMs / 1000);
        if (stats.errors > 0) cycleErrors.inc({ tenant }, stats.errors);
        for (const stat of STAT_NAMES) lastCycle.set({ tenant, stat }, stats[stat]);
        lastCycleEnd.set({ tenant }, Date.parse(event.at) / 1000);
        break;
      }
      case 'cycle-error':
        cycleFailures.inc({ tenant });
        break;
      case 'cycle-telemetry':
        queueDepth.set({ tenant }, event.payload.queueDepth);
        break;
      default:
        break;
    }
  };
  const unsubscribe = ctx.hub.subscribe((event) => {
    try {
      onEvent(event);
    } catch (error) {
      ctx.log.warn({ err: error, type: event.type }, 'metrics could not record an event');
    }
  });

  return {
    registry,
    httpDuration,
    wsClients,
    wsConnections,
    wsMessagesSent,
    wsDropped,
    close() {
      unsubscribe();
    },
  };
}
