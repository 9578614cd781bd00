import {
  type Action,
  ExecutionError,
  type PriceCatalogV1,
  UnsupportedCapabilityError,
} from '@finops-autopilot/core';
import { cloneState, type SimEntity, type SimState, stateAt } from './model.js';
import { volumeDefaults, volumeState } from './volumes.js';

/** Action types the simulated executor applies. */
export const SIM_ACTIONS = ['resize', 'schedule', 'modify-volume', 'stop', 'delete'] as const;

const COMPUTE = new Set(['ec2', 'rds', 'redshift']);

/** The effect of one action, computed (and re-checked) before anything changes. */
export interface PreparedChange {
  steps: string[];
  warnings: string[];
  reversible: boolean;
  /** Short description recorded in the timeline. */
  change: string;
  /** New states, the target first, then resources that change with it (a terminated instance's volumes). */
  next: Array<{ entity: SimEntity; state: SimState }>;
}

export interface PrepareContext {
  prices: PriceCatalogV1;
  entities: ReadonlyMap<string, SimEntity>;
  now: number;
  /** Used to name snapshots. */
  snapshotKey: string;
}

/**
 * Validates `action` against the entity as it is at `now` and computes its effect.
 * @throws {ExecutionError} when the action cannot apply (wrong service, state or type).
 * @throws {UnsupportedCapabilityError} for action types the simulation does not know.
 */
export function prepareChange(entity: SimEntity, action: Action, context: PrepareContext): PreparedChange {
  const { identity } = entity;
  const current = stateAt(entity, context.now);
  const fail = (message: string): never => {
    throw new ExecutionError({ resourceId: identity.id, message: `${identity.id}: ${message}` });
  };
  if (current.state === 'deleted') fail('the resource is deleted');
  const compute = COMPUTE.has(identity.service);
  const next = cloneState(current);

  switch (action.type) {
    case 'resize': {
      if (!compute) fail(`cannot resize a ${identity.kind}; use modify-volume`);
      const { from, to } = action as { from: string; to: string };
      if (from !== current.type) fail(`is ${current.type}, not ${from} as the action expects`);
      if (to === current.type) fail(`is already ${to}`);
      const entry = context.prices.find({ service: identity.service, region: identity.region, type: to });
      if (!entry) fail(`unknown ${identity.service} type "${to}" in ${identity.region}`);
      const nodes = current.spec.nodes ?? 1;
      next.type = to;
      next.spec = {
        ...current.spec,
        vcpu: entry!.vcpu!,
        memoryGiB: entry!.memoryGiB!,
        ...(entry!.architecture ? { architecture: entry!.architecture } : {}),
      };
      if (entry!.networkGbps !== undefined) next.spec.networkGbps = entry!.networkGbps;
      else delete next.spec.networkGbps;
      next.hourlyPrice = entry!.price * nodes;
      const running = current.state === 'running';
      return {
        steps: running ? ['stop', `modify type ${from} -> ${to}`, 'start'] : [`modify type ${from} -> ${to}`],
        warnings: running ? ['the resource restarts (a few minutes of downtime)'] : [],
        reversible: true,
        change: `resize ${from} -> ${to}`,
        next: [{ entity, state: next }],
      };
    }
    case 'stop': {
      if (!compute) fail(`cannot stop a ${identity.kind}`);
      if (current.state !== 'running') fail(`cannot stop: state is ${current.state}`);
      next.state = 'stopped';
      delete next.schedule;
      return {
        steps: ['stop'],
        warnings: [],
        reversible: true,
        change: 'stop',
        next: [{ entity, state: next }],
      };
    }
    case 'schedule': {
      if (!compute) fail(`cannot schedule a ${identity.kind}`);
      const { stoppedHours, timezone } = action as { stoppedHours: number[]; timezone: string };
      const hours = [...new Set(stoppedHours)].sort((a, b) => a - b);
      if (hours.length === 0 || hours.length >= 168) fail('a schedule needs between 1 and 167 stopped hours');
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: timezone });
      } catch {
        fail(`unknown time zone "${timezone}"`);
      }
      next.state = 'running';
      next.schedule = { stoppedHours: hours, timezone };
      return {
        steps: [`stop and start on a weekly schedule (${hours.length} stopped hours per week, ${timezone})`],
        warnings: [],
        reversible: true,
        change: `schedule ${hours.length}h/week stopped`,
        next: [{ entity, state: next }],
      };
    }
    case 'modify-volume': {
      if (identity.service !== 'ebs') fail(`modify-volume applies to volumes, not a ${identity.kind}`);
      const { from, to, iops, throughputMBps } = action as {
        from: string;
        to: string;
        iops?: number;
        throughputMBps?: number;
      };
      if (from !== current.type) fail(`is ${current.type}, not ${from} as the action expects`);
      const entry = context.prices.find({ service: 'ebs', region: identity.region, type: to });
      if (!entry) fail(`unknown ebs volume type "${to}" in ${identity.region}`);
      const size = current.spec.storageGiB ?? 0;
      const keepIops = to.startsWith('io') ? (iops ?? current.spec.iops) : iops;
      const defaults = volumeDefaults(to, size, keepIops);
      const throughput = to === 'gp3' ? Math.max(125, throughputMBps ?? 125) : undefined;
      const volume = volumeState(entry!, size, current.attachedTo, defaults.iops, throughput);
      if (
        to === current.type &&
        volume.spec.iops === current.spec.iops &&
        volume.spec.throughputMBps === current.spec.throughputMBps
      ) {
        fail(`is already ${to} with the same IOPS and throughput`);
      }
      return {
        steps: [`modify volume ${from} -> ${to}`, 'wait for the optimizing state'],
        warnings: [],
        reversible: true,
        change: `modify-volume ${from} -> ${to}`,
        next: [{ entity, state: { ...volume, state: current.state } }],
      };
    }
    case 'delete': {
      const snapshot = (action as { snapshotFirst?: boolean }).snapshotFirst !== false;
      if (identity.service === 'ebs' && current.attachedTo)
        fail(`volume is attached to ${current.attachedTo}; detach it first`);
      const snapshotId = `snap-${context.snapshotKey}`;
      const deleted = (state: SimState): SimState => ({
        ...cloneState(state),
        state: 'deleted',
        ...(snapshot ? { snapshotId } : {}),
      });
      const changes = [{ entity, state: deleted(current) }];
      for (const other of context.entities.values()) {
        const otherState = stateAt(other, context.now);
        if (otherState.attachedTo === identity.id && otherState.state !== 'deleted')
          changes.push({ entity: other, state: deleted(otherState) });
      }
      return {
        steps: [
          ...(snapshot ? [`snapshot ${identity.id} (${snapshotId})`] : []),
          `delete ${identity.id}`,
          ...changes.slice(1).map((c) => `delete attached ${c.entity.identity.id}`),
        ],
        warnings: snapshot ? [] : ['no snapshot: this cannot be undone'],
        reversible: snapshot,
        change: snapshot ? `delete (snapshot ${snapshotId})` : 'delete',
        next: changes,
      };
    }
    default:
      throw new UnsupportedCapabilityError({
        capability: `action:${action.type}`,
        message: `The simulated executor cannot apply "${action.type}" (supported: ${SIM_ACTIONS.join(', ')})`,
      });
  }
}
