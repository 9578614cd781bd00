import { type Resource, type ResourceSpec, resourceSchema } from '@finops-autopilot/core';
import { hourOfWeek } from './clock.js';
import type { DemandProfile } from './shapes.js';

/** A weekly stop/start schedule applied by a `schedule` action. */
export interface SimSchedule {
  /** Hours of the week (0 = Monday 00:00 in `timezone`) when the resource is stopped. */
  stoppedHours: number[];
  timezone: string;
}

/** The part of a resource that executed changes modify. */
export interface SimState {
  type: string;
  /** `running` / `stopped` for compute, `in-use` / `available` for volumes, or `deleted`. */
  state: string;
  spec: ResourceSpec;
  /** On-demand price per hour (volumes: monthly cost / 730; clusters: per node × nodes). */
  hourlyPrice: number;
  attachedTo?: string;
  schedule?: SimSchedule;
  /** Snapshot kept by a delete with `snapshotFirst`. */
  snapshotId?: string;
}

/** One recorded state of a resource, from `at` until the next entry. */
export interface TimelineEntry {
  /** Simulated epoch milliseconds the state took effect. */
  at: number;
  /** What changed, e.g. `created`, `resize m5.xlarge -> m5.large`. */
  change: string;
  idempotencyKey?: string;
  state: SimState;
}

/** Fields that never change. */
export interface SimIdentity {
  id: string;
  account: string;
  region: string;
  service: 'ec2' | 'ebs' | 'rds' | 'redshift';
  kind: string;
  name: string;
  tags: Record<string, string>;
  createdAt: number;
  metadata: Record<string, unknown>;
}

/** A simulated resource with its whole history. */
export interface SimEntity {
  identity: SimIdentity;
  timeline: TimelineEntry[];
  /** CPU demand model (instances, databases, clusters). */
  profile?: DemandProfile;
  /** I/O model for volumes: operations per second at full activity of the attached instance. */
  io?: { readOpsPerSecond: number; writeOpsPerSecond: number };
  /** Peak database connections (RDS). */
  maxConnections?: number;
}

/** The state in force at `atMs` (the first state for earlier instants). */
export function stateAt(entity: SimEntity, atMs: number): SimState {
  let current = entity.timeline[0]!;
  for (const entry of entity.timeline) {
    if (entry.at > atMs) break;
    current = entry;
  }
  return current.state;
}

/** Whether compute is running at `atMs`, taking a weekly schedule into account. */
export function isRunning(state: SimState, atMs: number): boolean {
  if (state.state !== 'running') return false;
  if (!state.schedule) return true;
  return !state.schedule.stoppedHours.includes(hourOfWeek(atMs, state.schedule.timezone));
}

/** Whether the resource exists (is billed for storage or capacity) in that state. */
export function exists(state: SimState): boolean {
  return state.state !== 'deleted';
}

/** The core `Resource` record of an entity as it is at `atMs`. */
export function toResource(entity: SimEntity, atMs: number): Resource {
  const { identity } = entity;
  const state = stateAt(entity, atMs);
  const scheduledStop = state.state === 'running' && state.schedule !== undefined && !isRunning(state, atMs);
  const metadata: Record<string, unknown> = { ...identity.metadata };
  if (state.schedule)
    metadata['schedule'] = { ...state.schedule, stoppedHours: [...state.schedule.stoppedHours] };
  if (state.snapshotId) metadata['snapshotId'] = state.snapshotId;
  return resourceSchema.parse({
    id: identity.id,
    provider: 'aws',
    account: identity.account,
    region: identity.region,
    service: identity.service,
    kind: identity.kind,
    type: state.type,
    state: scheduledStop ? 'stopped' : state.state,
    name: identity.name,
    tags: { ...identity.tags },
    spec: { ...state.spec },
    hourlyPrice: state.hourlyPrice,
    currency: 'USD',
    ...(state.attachedTo ? { attachedTo: state.attachedTo } : {}),
    createdAt: new Date(identity.createdAt).toISOString(),
    metadata,
  });
}

/** Deep copy of a state, so timeline entries never share mutable parts. */
export function cloneState(state: SimState): SimState {
  return {
    ...state,
    spec: { ...state.spec },
    ...(state.schedule
      ? { schedule: { stoppedHours: [...state.schedule.stoppedHours], timezone: state.schedule.timezone } }
      : {}),
  };
}
