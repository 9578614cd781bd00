import type { PriceCatalogEntry, PriceCatalogV1 } from '@finops-autopilot/core';
import { DAY_MS } from './clock.js';
import type { SimEntity, SimState } from './model.js';
import { ARCHETYPE_CYCLE, demandProfile, envFor } from './profiles.js';
import { between, hashKeys, pick, sequence } from './random.js';
import { volumeDefaults, volumeState } from './volumes.js';

/** Inputs of fleet generation (already defaulted). */
export interface FleetOptions {
  seed: number;
  size: number;
  region: string;
  accountId: string;
  startMs: number;
  historyDays: number;
  prices: PriceCatalogV1;
}

const TEAMS = ['payments', 'search', 'data', 'platform', 'growth', 'ml'];
const APPS = ['api', 'worker', 'web', 'etl', 'cache', 'batch', 'gateway', 'reports'];
const EC2_FAMILIES = ['m5', 'm6i', 'm7g', 'c5', 'c6g', 'r5', 'r6g', 't3'];
const RDS_FAMILIES = ['db.m5', 'db.m6g', 'db.r5', 'db.r6g', 'db.t3'];
function hexId(prefix: string, ...keys: (number | string)[]): string {
  const a = hashKeys(...keys, 'a')
    .toString(16)
    .padStart(8, '0');
  const b = hashKeys(...keys, 'b')
    .toString(16)
    .padStart(8, '0');
  return `${prefix}-0${a}${b}`;
}

function computeState(entry: PriceCatalogEntry, nodes?: number): SimState {
  return {
    type: entry.type,
    state: 'running',
    spec: {
      vcpu: entry.vcpu!,
      memoryGiB: entry.memoryGiB!,
      ...(entry.architecture ? { architecture: entry.architecture } : {}),
      ...(entry.networkGbps !== undefined ? { networkGbps: entry.networkGbps } : {}),
      ...(nodes ? { nodes } : {}),
    },
    hourlyPrice: entry.price * (nodes ?? 1),
  };
}

/** Generates the fleet: EC2 instances with EBS volumes, RDS databases, Redshift clusters. */
export function generateFleet(options: FleetOptions): SimEntity[] {
  const { seed, size, region, accountId, prices, startMs, historyDays } = options;
  const entities: SimEntity[] = [];
  const find = (service: string, type: string) => prices.lookup({ service, region, type });
  const createdBefore = (key: string) =>
    startMs - historyDays * DAY_MS - Math.floor(between(1, 400, seed, key, 'age')) * DAY_MS;
  const offset = Math.floor(between(0, ARCHETYPE_CYCLE.length, seed, 'archetype-offset'));
  const archetypeOf = (i: number) => ARCHETYPE_CYCLE[(i + offset) % ARCHETYPE_CYCLE.length]!;

  const add = (entity: Omit<SimEntity, 'timeline'>, state: SimState) => {
    entities.push({ ...entity, timeline: [{ at: entity.identity.createdAt, change: 'created', state }] });
  };

  for (let i = 0; i < size; i++) {
    const id = hexId('i', seed, 'ec2', i);
    const next = sequence(seed, id);
    const archetype = archetypeOf(i);
    const family = pick(EC2_FAMILIES, seed, id, 'family');
    const sizes = archetype === 'saturated' ? ['large', 'xlarge'] : ['large', 'xlarge', '2xlarge', '4xlarge'];
    const available = sizes.filter((s) => prices.find({ service: 'ec2', region, type: `${family}.${s}` }));
    const entry = find('ec2', `${family}.${pick(available, seed, id, 'size')}`);
    const team = pick(TEAMS, seed, id, 'team');
    const app = pick(APPS, seed, id, 'app');
    const env = envFor(archetype, next());
    const name = `${team}-${app}-${env}-${i + 1}`;
    const tags = { Name: name, env, team, app, 'cost-center': `cc-${team}` };
    const createdAt = createdBefore(id);
    add(
      {
        identity: {
          id,
          account: accountId,
          region,
          service: 'ec2',
          kind: 'compute-instance',
          name,
          tags,
          createdAt,
          metadata: {},
        },
        profile: demandProfile(options, id, archetype, entry.vcpu!, entry.memoryGiB!),
      },
      computeState(entry),
    );
    const volumes = next() < 0.4 ? 2 : 1;
    for (let v = 0; v < volumes; v++) {
      const volumeId = hexId('vol', seed, 'ebs', i, v);
      const r = next();
      const type = v === 0 ? (r < 0.6 ? 'gp2' : 'gp3') : r < 0.45 ? 'gp2' : r < 0.8 ? 'gp3' : 'io1';
      const storageGiB =
        v === 0
          ? 8 * Math.ceil(between(1, 13, seed, volumeId, 'size'))
          : 100 * Math.ceil(between(1, 10, seed, volumeId, 'size'));
      const defaults = volumeDefaults(
        type,
        storageGiB,
        type === 'io1' ? 1000 * Math.ceil(between(2, 10, seed, volumeId, 'iops')) : undefined,
      );
      add(
        {
          identity: {
            id: volumeId,
            account: accountId,
            region,
            service: 'ebs',
            kind: 'block-volume',
            name: `${name}-${v === 0 ? 'root' : 'data'}`,
            tags: { ...tags, Name: `${name}-${v === 0 ? 'root' : 'data'}` },
            createdAt,
            metadata: { device: v === 0 ? '/dev/xvda' : '/dev/xvdf' },
          },
          io: {
            readOpsPerSecond: between(5, 300, seed, volumeId, 'r'),
            writeOpsPerSecond: between(5, 200, seed, volumeId, 'w'),
          },
        },
        volumeState(find('ebs', type), storageGiB, id, defaults.iops, defaults.throughputMBps),
      );
    }
  }

  const unattached = Math.max(1, Math.round(size / 8));
  for (let u = 0; u < unattached; u++) {
    const id = hexId('vol', seed, 'ebs-orphan', u);
    const type = pick(['gp2', 'gp2', 'gp3', 'io1'], seed, id, 'type');
    const storageGiB = 50 * Math.ceil(between(1, 10, seed, id, 'size'));
    const defaults = volumeDefaults(type, storageGiB, type === 'io1' ? 4000 : undefined);
    const team = pick(TEAMS, seed, id, 'team');
    const env = pick(['dev', 'test', 'staging'], seed, id, 'env');
    const name = `${team}-scratch-${u + 1}`;
    add(
      {
        identity: {
          id,
          account: accountId,
          region,
          service: 'ebs',
          kind: 'block-volume',
          name,
          tags: { Name: name, env, team },
          createdAt: createdBefore(id),
          metadata: {},
        },
        io: { readOpsPerSecond: 0, writeOpsPerSecond: 0 },
      },
      volumeState(find('ebs', type), storageGiB, undefined, defaults.iops, defaults.throughputMBps),
    );
  }

  const databases = Math.max(1, Math.round(size / 6));
  for (let d = 0; d < databases; d++) {
    const archetype = archetypeOf(d * 3 + 1);
    const team = pick(TEAMS, seed, 'rds', d, 'team');
    const env = envFor(archetype, between(0, 1, seed, 'rds', d, 'env'));
    const name = `${team}-db-${env}-${d + 1}`;
    const id = `arn:aws:rds:${region}:${accountId}:db:${name}`;
    const entry = find(
      'rds',
      `${pick(RDS_FAMILIES, seed, id, 'family')}.${pick(['large', 'xlarge', '2xlarge'], seed, id, 'size')}`,
    );
    const state = computeState(entry);
    state.spec.storageGiB = 100 * Math.ceil(between(1, 10, seed, id, 'storage'));
    add(
      {
        identity: {
          id,
          account: accountId,
          region,
          service: 'rds',
          kind: 'database-instance',
          name,
          tags: { Name: name, env, team, app: 'postgres' },
          createdAt: createdBefore(id),
          metadata: { engine: 'postgres' },
        },
        profile: demandProfile(options, id, archetype, entry.vcpu!, entry.memoryGiB!),
        maxConnections: Math.round(between(20, 400, seed, id, 'connections')),
      },
      state,
    );
  }

  const warehouses = Math.max(1, Math.round(size / 12));
  for (let w = 0; w < warehouses; w++) {
    const archetype = archetypeOf(w * 5 + 2);
    const team = pick(['data', 'ml', 'growth'], seed, 'redshift', w, 'team');
    const env = envFor(archetype, between(0, 1, seed, 'redshift', w, 'env'));
    const name = `${team}-dw-${env}-${w + 1}`;
    const id = `arn:aws:redshift:${region}:${accountId}:cluster:${name}`;
    const entry = find('redshift', pick(['dc2.large', 'dc2.large', 'ra3.4xlarge'], seed, id, 'node'));
    const nodes = entry.type === 'dc2.large' ? 2 + Math.floor(between(0, 3, seed, id, 'nodes')) : 2;
    add(
      {
        identity: {
          id,
          account: accountId,
          region,
          service: 'redshift',
          kind: 'data-warehouse',
          name,
          tags: { Name: name, env, team },
          createdAt: createdBefore(id),
          metadata: {},
        },
        profile: demandProfile(options, id, archetype, entry.vcpu! * nodes, entry.memoryGiB! * nodes),
      },
      computeState(entry, nodes),
    );
  }
  return entities;
}
