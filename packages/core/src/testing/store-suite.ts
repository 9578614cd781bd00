import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricSummary, StoreChange, StoreV1, TenantStoreV1 } from '../contracts/v1/store-v1.js';
import type { Approval } from '../schemas/approval.js';
import type { AuditEvent } from '../schemas/audit-event.js';
import type { Execution } from '../schemas/execution.js';
import type { Recommendation } from '../schemas/recommendation.js';
import type { Resource } from '../schemas/resource.js';
import {
  fixtureApproval,
  fixtureAuditEvent,
  fixtureExecution,
  fixtureMetricSummary,
  fixtureRecommendation,
  fixtureResource,
  fixtureTenant,
} from './fixtures.js';

/** Options of {@link testStore}. */
export interface TestStoreOptions {
  /** Shown in the suite's title, e.g. `memory` or `postgres (pglite)`. */
  name: string;
  /** Makes a fresh, empty store; called before every test. The suite closes it afterwards. */
  store: () => StoreV1 | Promise<StoreV1>;
  /**
   * Tests the adapter cannot pass, by exact test name, each with the reason,
   * e.g. `{ 'transaction: concurrent transactions of one tenant are serialized': 'single connection' }`.
   * Naming a test that does not exist fails the suite, so skips never go stale.
   */
  skip?: Record<string, string>;
  /** Registers adapter-specific tests inside the suite; `getStore` returns the current test's store. */
  additionalTests?: (context: { getStore: () => StoreV1 }) => void;
}

type ErrorCode = 'INVALID_INPUT' | 'CONFLICT' | 'NOT_FOUND';

/** Awaits a promise that must reject with a core error of `code`; returns the error. */
async function expectError(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<Error & Record<string, unknown>> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a rejection with code ${code}`).toBeInstanceOf(Error);
  expect(caught).toMatchObject({ code });
  return caught as Error & Record<string, unknown>;
}

/** Awaits a rejection carrying `path` among its issues (and naming it in the message). */
async function expectInvalid(promise: Promise<unknown>, path: string): Promise<void> {
  const error = await expectError(promise, 'INVALID_INPUT');
  const issues = error['issues'] as { path: string }[];
  expect(issues.map((issue) => issue.path)).toContain(path);
  expect(error.message).toContain(path);
}

/** Polls until `assertion` passes (change feeds may deliver asynchronously). */
async function eventually(assertion: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Gives an asynchronous change feed time to deliver what it (wrongly) might. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/** Rejects if `promise` takes longer than `ms` (a deadlock fails fast instead of at the test timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms),
    ),
  ]);
}

/** Names of every function reachable on an object, own or inherited (but not from Object). */
function methodNames(value: object): string[] {
  const names = new Set<string>();
  for (
    let target: object | null = value;
    target && target !== Object.prototype;
    target = Object.getPrototypeOf(target)
  ) {
    for (const name of Object.getOwnPropertyNames(target)) {
      if (name !== 'constructor' && typeof (value as Record<string, unknown>)[name] === 'function')
        names.add(name);
    }
  }
  return [...names].sort();
}

const day = (n: number): string => `2026-01-${String(n).padStart(2, '0')}T00:00:00.000Z`;

/**
 * Six recommendations with hand-picked values for the query tests. rec-a and
 * rec-d tie on savings, rec-b and rec-e on confidence (ties break by id).
 */
function queryDataset(): Recommendation[] {
  const scheduleAction = {
    type: 'schedule' as const,
    stopCron: '0 20 * * 1-5',
    startCron: '0 7 * * 1-5',
    timezone: 'UTC',
    stoppedHours: [20, 21, 22, 23],
  };
  const rows: [string, Partial<Recommendation>][] = [
    [
      'rec-a',
      {
        resourceId: 'i-web-1',
        service: 'ec2',
        status: 'open',
        executionMode: null,
        estimatedMonthlySavings: 120,
        confidence: 0.9,
        createdAt: day(1),
        updatedAt: day(10),
        title: 'Resize web server',
      },
    ],
    [
      'rec-b',
      {
        resourceId: 'i-db-1',
        service: 'rds',
        status: 'pending-approval',
        executionMode: 'hitl',
        estimatedMonthlySavings: 300,
        confidence: 0.6,
        createdAt: day(2),
        updatedAt: day(3),
        title: 'Resize database',
      },
    ],
    [
      'rec-c',
      {
        resourceId: 'vol-1',
        service: 'ebs',
        kind: 'storage-tier',
        action: { type: 'modify-volume', from: 'gp2', to: 'gp3' },
        status: 'open',
        executionMode: 'autonomous',
        estimatedMonthlySavings: 15,
        confidence: 0.95,
        createdAt: day(3),
        updatedAt: day(4),
        title: 'Move volume to gp3',
      },
    ],
    [
      'rec-d',
      {
        resourceId: 'i-batch-1',
        service: 'ec2',
        kind: 'schedule',
        action: scheduleAction,
        status: 'approved',
        executionMode: 'hitl',
        estimatedMonthlySavings: 120,
        confidence: 0.7,
        createdAt: day(4),
        updatedAt: day(8),
        title: 'Stop batch at night',
      },
    ],
    [
      'rec-e',
      {
        resourceId: 'i-idle-1',
        service: 'ec2',
        kind: 'idle',
        action: { type: 'stop' },
        status: 'dismissed',
        executionMode: 'autonomous',
        estimatedMonthlySavings: 40,
        confidence: 0.6,
        createdAt: day(5),
        updatedAt: day(6),
        title: 'Stop unused instance',
      },
    ],
    [
      'rec-f',
      {
        resourceId: 'i-web-2',
        service: 'ec2',
        status: 'open',
        executionMode: null,
        estimatedMonthlySavings: -20,
        confidence: 0.8,
        createdAt: day(6),
        updatedAt: day(7),
        title: 'Upsize WEB-2',
      },
    ],
  ];
  return rows.map(([id, overrides]) => fixtureRecommendation({ id, ...overrides }));
}

/**
 * Registers the store contract suite for one adapter. Every test gets a fresh
 * store from `options.store` and closes it afterwards.
 */
export function testStore(options: TestStoreOptions): void {
  const skip = options.skip ?? {};
  const registered = new Set<string>();

  describe(`store contract: ${options.name}`, () => {
    let current: StoreV1 | undefined;

    beforeEach(async () => {
      current = await options.store();
    });
    afterEach(async () => {
      const store = current;
      current = undefined;
      await store?.close();
    });

    const getStore = (): StoreV1 => {
      if (!current) throw new Error('testStore: the store is only available inside a test');
      return current;
    };

    const test = (name: string, body: (store: StoreV1) => Promise<void>): void => {
      if (registered.has(name)) throw new Error(`testStore: duplicate test name "${name}"`);
      registered.add(name);
      const reason = skip[name];
      it.skipIf(reason !== undefined)(reason === undefined ? name : `${name} (skipped: ${reason})`, () =>
        body(getStore()),
      );
    };

    /** Creates a tenant and returns its repositories. */
    const newTenant = async (store: StoreV1): Promise<TenantStoreV1> => {
      const tenant = fixtureTenant();
      await store.tenants.create(tenant);
      return store.forTenant(tenant.id);
    };

    describe('tenants', () => {
      test('tenants: create, get and list', async (store) => {
        const first = fixtureTenant({ name: 'Acme' });
        const second = fixtureTenant({ name: 'Globex' });
        expect(await store.tenants.list()).toEqual([]);
        await store.tenants.create(first);
        await store.tenants.create(second);
        expect(await store.tenants.get(first.id)).toEqual(first);
        expect(await store.tenants.get('no-such-tenant')).toBeUndefined();
        const listed = await store.tenants.list();
        expect([...listed].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          [first, second].sort((a, b) => a.id.localeCompare(b.id)),
        );
      });

      test('tenants: duplicate id is a ConflictError and keeps the first', async (store) => {
        const tenant = fixtureTenant({ name: 'First' });
        await store.tenants.create(tenant);
        await expectError(store.tenants.create({ ...tenant, name: 'Second' }), 'CONFLICT');
        expect(await store.tenants.get(tenant.id)).toEqual(tenant);
        expect(await store.tenants.list()).toHaveLength(1);
      });

      test('tenants: invalid tenant is refused and nothing is written', async (store) => {
        await expectInvalid(store.tenants.create(fixtureTenant({ id: 'Not Valid!' })), 'id');
        await expectInvalid(store.tenants.create(fixtureTenant({ createdAt: 'yesterday' })), 'createdAt');
        expect(await store.tenants.list()).toEqual([]);
      });

      test('tenants: returned tenants are copies', async (store) => {
        const tenant = fixtureTenant({ name: 'Original' });
        await store.tenants.create(tenant);
        tenant.name = 'changed after create';
        const read = await store.tenants.get(tenant.id);
        expect(read?.name).toBe('Original');
        if (read) read.name = 'changed after get';
        const listed = await store.tenants.list();
        if (listed[0]) listed[0].name = 'changed after list';
        expect((await store.tenants.get(tenant.id))?.name).toBe('Original');
      });
    });

    describe('unknown tenant', () => {
      test('unknown tenant: every write rejects with NotFoundError and creates nothing', async (store) => {
        const ghost = store.forTenant('no-such-tenant');
        const recommendation = fixtureRecommendation();
        await expectError(ghost.resources.upsertMany([fixtureResource()]), 'NOT_FOUND');
        await expectError(ghost.resources.remove(['i-1']), 'NOT_FOUND');
        await expectError(ghost.metricSummaries.putMany([fixtureMetricSummary()]), 'NOT_FOUND');
        await expectError(ghost.recommendations.save(recommendation), 'NOT_FOUND');
        await expectError(ghost.approvals.save(fixtureApproval()), 'NOT_FOUND');
        await expectError(ghost.executions.save(fixtureExecution()), 'NOT_FOUND');
        await expectError(ghost.audit.append(fixtureAuditEvent({ tenantId: 'no-such-tenant' })), 'NOT_FOUND');
        await expectError(ghost.config.set('budget', 1), 'NOT_FOUND');
        let ran = false;
        await expectError(
          store.transaction('no-such-tenant', async () => {
            ran = true;
          }),
          'NOT_FOUND',
        );
        expect(ran).toBe(false);
        expect(await store.tenants.list()).toEqual([]);
        expect(await ghost.recommendations.get(recommendation.id)).toBeUndefined();
      });

      test('unknown tenant: reads find nothing', async (store) => {
        const ghost = store.forTenant('no-such-tenant');
        expect(await ghost.resources.list()).toEqual([]);
        expect(await ghost.resources.count()).toBe(0);
        expect(await ghost.resources.count({ service: 'ec2' })).toBe(0);
        expect(await ghost.resources.get('i-1')).toBeUndefined();
        expect(await ghost.metricSummaries.list('i-1')).toEqual([]);
        expect(await ghost.recommendations.list()).toEqual([]);
        expect(await ghost.recommendations.count()).toBe(0);
        expect(await ghost.recommendations.getByKey('k')).toBeUndefined();
        expect(await ghost.approvals.list()).toEqual([]);
        expect(await ghost.approvals.getByRecommendation('rec-1')).toBeUndefined();
        expect(await ghost.executions.list()).toEqual([]);
        expect(await ghost.executions.getByIdempotencyKey('k')).toBeUndefined();
        expect(await ghost.audit.list()).toEqual([]);
        expect(await ghost.config.list()).toEqual({});
        expect(await ghost.config.get('budget')).toBeUndefined();
      });
    });

    describe('resources', () => {
      test('resources: upsertMany inserts and replaces by id; get and count', async (store) => {
        const tenant = await newTenant(store);
        const web = fixtureResource({ id: 'i-web' });
        const db = fixtureResource({
          id: 'db-1',
          service: 'rds',
          kind: 'database-instance',
          type: 'db.r5.large',
        });
        await tenant.resources.upsertMany([web, db]);
        expect(await tenant.resources.get('i-web')).toEqual(web);
        expect(await tenant.resources.get('db-1')).toEqual(db);
        expect(await tenant.resources.get('i-missing')).toBeUndefined();
        expect(await tenant.resources.count()).toBe(2);
        await tenant.resources.upsertMany([{ ...web, type: 'm5.large' }]);
        expect((await tenant.resources.get('i-web'))?.type).toBe('m5.large');
        expect(await tenant.resources.count()).toBe(2);
        await tenant.resources.upsertMany([]);
        expect(await tenant.resources.count()).toBe(2);
      });

      test('resources: list and count filter by service and kind', async (store) => {
        const tenant = await newTenant(store);
        await tenant.resources.upsertMany([
          fixtureResource({ id: 'i-1' }),
          fixtureResource({ id: 'i-2' }),
          fixtureResource({ id: 'vol-1', service: 'ebs', kind: 'block-volume', type: 'gp2' }),
          fixtureResource({ id: 'db-1', service: 'rds', kind: 'database-instance', type: 'db.m5.large' }),
        ]);
        const ids = (resources: Resource[]): string[] => resources.map((resource) => resource.id).sort();
        expect(ids(await tenant.resources.list())).toEqual(['db-1', 'i-1', 'i-2', 'vol-1']);
        expect(ids(await tenant.resources.list({ service: 'ec2' }))).toEqual(['i-1', 'i-2']);
        expect(ids(await tenant.resources.list({ kind: 'block-volume' }))).toEqual(['vol-1']);
        expect(ids(await tenant.resources.list({ service: 'ec2', kind: 'block-volume' }))).toEqual([]);
        expect(ids(await tenant.resources.list({ service: 'redshift' }))).toEqual([]);
        expect(await tenant.resources.count()).toBe(4);
        expect(await tenant.resources.count({ service: 'ec2' })).toBe(2);
        expect(await tenant.resources.count({ kind: 'block-volume' })).toBe(1);
        expect(await tenant.resources.count({ service: 'ec2', kind: 'block-volume' })).toBe(0);
        expect(await tenant.resources.count({ service: 'redshift' })).toBe(0);
      });

      test('resources: list pages with limit and offset', async (store) => {
        const tenant = await newTenant(store);
        const all = ['i-1', 'i-2', 'i-3', 'i-4', 'i-5'];
        await tenant.resources.upsertMany(all.map((id) => fixtureResource({ id })));
        const first = await tenant.resources.list({ limit: 2 });
        const second = await tenant.resources.list({ limit: 2, offset: 2 });
        const third = await tenant.resources.list({ limit: 2, offset: 4 });
        expect([first.length, second.length, third.length]).toEqual([2, 2, 1]);
        expect([...first, ...second, ...third].map((resource) => resource.id).sort()).toEqual(all);
        expect(await tenant.resources.list({ offset: 5 })).toEqual([]);
        expect(await tenant.resources.list({ limit: 0 })).toEqual([]);
      });

      test('resources: remove deletes only the given ids and returns how many', async (store) => {
        const tenant = await newTenant(store);
        await tenant.resources.upsertMany(['i-1', 'i-2', 'i-3'].map((id) => fixtureResource({ id })));
        expect(await tenant.resources.remove(['i-1', 'i-3', 'i-missing'])).toBe(2);
        expect(await tenant.resources.get('i-1')).toBeUndefined();
        expect((await tenant.resources.get('i-2'))?.id).toBe('i-2');
        expect(await tenant.resources.count()).toBe(1);
        expect(await tenant.resources.remove(['i-1'])).toBe(0);
        expect(await tenant.resources.remove([])).toBe(0);
        expect(await tenant.resources.count()).toBe(1);
      });

      test('resources: one invalid resource refuses the whole batch', async (store) => {
        const tenant = await newTenant(store);
        const invalid = { ...fixtureResource({ id: 'i-bad' }), region: '' };
        await expectInvalid(
          tenant.resources.upsertMany([fixtureResource({ id: 'i-good' }), invalid]),
          '[1].region',
        );
        expect(await tenant.resources.count()).toBe(0);
        expect(await tenant.resources.get('i-good')).toBeUndefined();
      });
    });

    describe('metric summaries', () => {
      test('metric summaries: putMany upserts by resource and metric; list returns one resource', async (store) => {
        const tenant = await newTenant(store);
        const cpu = fixtureMetricSummary({ resourceId: 'i-1', metric: 'CPUUtilization' });
        const memory = fixtureMetricSummary({ resourceId: 'i-1', metric: 'mem_used_percent', mean: 40 });
        const other = fixtureMetricSummary({ resourceId: 'i-2' });
        await tenant.metricSummaries.putMany([cpu, memory, other]);
        const sortByMetric = (rows: MetricSummary[]) =>
          [...rows].sort((a, b) => a.metric.localeCompare(b.metric));
        expect(sortByMetric(await tenant.metricSummaries.list('i-1'))).toEqual([cpu, memory]);
        expect(await tenant.metricSummaries.list('i-2')).toEqual([other]);
        expect(await tenant.metricSummaries.list('i-3')).toEqual([]);
        await tenant.metricSummaries.putMany([{ ...cpu, mean: 3.5, points: 10 }]);
        const after = sortByMetric(await tenant.metricSummaries.list('i-1'));
        expect(after).toEqual([{ ...cpu, mean: 3.5, points: 10 }, memory]);
      });

      test('metric summaries: invalid summary refuses the whole batch', async (store) => {
        const tenant = await newTenant(store);
        const invalid = {
          ...fixtureMetricSummary({ resourceId: 'i-1' }),
          window: { start: 'monday', end: 'friday' },
        };
        await expectInvalid(
          tenant.metricSummaries.putMany([
            fixtureMetricSummary({ resourceId: 'i-1', metric: 'NetworkIn' }),
            invalid,
          ]),
          '[1].window.start',
        );
        expect(await tenant.metricSummaries.list('i-1')).toEqual([]);
      });
    });

    describe('recommendations', () => {
      test('recommendations: save inserts and replaces by id; get and getByKey', async (store) => {
        const tenant = await newTenant(store);
        const recommendation = fixtureRecommendation({ id: 'rec-1' });
        await tenant.recommendations.save(recommendation);
        expect(await tenant.recommendations.get('rec-1')).toEqual(recommendation);
        expect(await tenant.recommendations.getByKey(recommendation.key)).toEqual(recommendation);
        expect(await tenant.recommendations.get('rec-missing')).toBeUndefined();
        expect(await tenant.recommendations.getByKey('missing|key|x')).toBeUndefined();
        const updated = { ...recommendation, status: 'dismissed' as const, updatedAt: day(20) };
        await tenant.recommendations.save(updated);
        expect(await tenant.recommendations.get('rec-1')).toEqual(updated);
        expect(await tenant.recommendations.count()).toBe(1);
      });

      test('recommendations: another recommendation with the same key is a ConflictError', async (store) => {
        const tenant = await newTenant(store);
        const first = fixtureRecommendation({ id: 'rec-1', resourceId: 'i-1' });
        await tenant.recommendations.save(first);
        const second = fixtureRecommendation({ id: 'rec-2', resourceId: 'i-1' });
        expect(second.key).toBe(first.key);
        await expectError(tenant.recommendations.save(second), 'CONFLICT');
        expect(await tenant.recommendations.get('rec-2')).toBeUndefined();
        expect(await tenant.recommendations.getByKey(first.key)).toEqual(first);
        expect(await tenant.recommendations.count()).toBe(1);
      });

      test('recommendations: changing a key frees the old one', async (store) => {
        const tenant = await newTenant(store);
        const first = fixtureRecommendation({ id: 'rec-1', key: 'key-old' });
        await tenant.recommendations.save(first);
        await tenant.recommendations.save({ ...first, key: 'key-new' });
        expect(await tenant.recommendations.getByKey('key-old')).toBeUndefined();
        expect((await tenant.recommendations.getByKey('key-new'))?.id).toBe('rec-1');
        await tenant.recommendations.save(fixtureRecommendation({ id: 'rec-2', key: 'key-old' }));
        expect((await tenant.recommendations.getByKey('key-old'))?.id).toBe('rec-2');
      });

      test('recommendations: invalid recommendation is refused and nothing is written', async (store) => {
        const tenant = await newTenant(store);
        await expectInvalid(
          tenant.recommendations.save(fixtureRecommendation({ confidence: 1.5 })),
          'confidence',
        );
        await expectInvalid(
          tenant.recommendations.save(fixtureRecommendation({ kind: 'rightsize', action: { type: 'stop' } })),
          'action.type',
        );
        const existing = fixtureRecommendation({ id: 'rec-1' });
        await tenant.recommendations.save(existing);
        await expectInvalid(tenant.recommendations.save({ ...existing, currency: 'dollars' }), 'currency');
        expect(await tenant.recommendations.get('rec-1')).toEqual(existing);
        expect(await tenant.recommendations.count()).toBe(1);
      });
    });

    describe('recommendation queries', () => {
      const seeded = async (store: StoreV1): Promise<TenantStoreV1> => {
        const tenant = await newTenant(store);
        for (const recommendation of queryDataset()) await tenant.recommendations.save(recommendation);
        return tenant;
      };
      const ids = (rows: Recommendation[]): string[] => rows.map((row) => row.id.replace('rec-', ''));

      test('recommendation queries: default sort is savings descending, ties by id', async (store) => {
        const tenant = await seeded(store);
        expect(ids(await tenant.recommendations.list())).toEqual(['b', 'a', 'd', 'e', 'c', 'f']);
        expect(ids(await tenant.recommendations.list({ order: 'asc' }))).toEqual([
          'f',
          'c',
          'e',
          'a',
          'd',
          'b',
        ]);
        expect(await tenant.recommendations.count()).toBe(6);
      });

      test('recommendation queries: sort by confidence, updatedAt and createdAt', async (store) => {
        const tenant = await seeded(store);
        const list = (sort: 'confidence' | 'updatedAt' | 'createdAt', order?: 'asc' | 'desc') =>
          tenant.recommendations.list({ sort, ...(order ? { order } : {}) }).then(ids);
        expect(await list('confidence')).toEqual(['c', 'a', 'f', 'd', 'b', 'e']);
        expect(await list('confidence', 'asc')).toEqual(['b', 'e', 'd', 'f', 'a', 'c']);
        expect(await list('updatedAt')).toEqual(['a', 'd', 'f', 'e', 'c', 'b']);
        expect(await list('updatedAt', 'asc')).toEqual(['b', 'c', 'e', 'f', 'd', 'a']);
        expect(await list('createdAt', 'desc')).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
        expect(await list('createdAt', 'asc')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      });

      test('recommendation queries: time sorts compare instants, not strings', async (store) => {
        const tenant = await newTenant(store);
        await tenant.recommendations.save(
          fixtureRecommendation({ id: 'rec-x', updatedAt: '2026-01-10T00:00:00.000Z' }),
        );
        // 01:00 at +02:00 is 23:00 UTC the day before: older, although its string sorts later.
        await tenant.recommendations.save(
          fixtureRecommendation({ id: 'rec-y', updatedAt: '2026-01-10T01:00:00.000+02:00' }),
        );
        expect(ids(await tenant.recommendations.list({ sort: 'updatedAt' }))).toEqual(['x', 'y']);
      });

      test('recommendation queries: status, kind, execution mode and service filters', async (store) => {
        const tenant = await seeded(store);
        const list = async (query: Parameters<TenantStoreV1['recommendations']['list']>[0]) => {
          const rows = ids(await tenant.recommendations.list(query));
          expect(await tenant.recommendations.count(query)).toBe(rows.length);
          return rows;
        };
        expect(await list({ status: ['open'] })).toEqual(['a', 'c', 'f']);
        expect(await list({ status: ['open', 'approved'] })).toEqual(['a', 'd', 'c', 'f']);
        expect(await list({ status: ['executed'] })).toEqual([]);
        expect(await list({ kind: ['rightsize'] })).toEqual(['b', 'a', 'f']);
        expect(await list({ kind: ['schedule', 'idle'] })).toEqual(['d', 'e']);
        expect(await list({ executionMode: ['hitl'] })).toEqual(['b', 'd']);
        expect(await list({ executionMode: ['autonomous'] })).toEqual(['e', 'c']);
        expect(await list({ executionMode: ['hitl', 'autonomous'] })).toEqual(['b', 'd', 'e', 'c']);
        expect(await list({ service: ['ec2'] })).toEqual(['a', 'd', 'e', 'f']);
        expect(await list({ service: ['rds', 'ebs'] })).toEqual(['b', 'c']);
      });

      test('recommendation queries: resource id, minimum savings and search filters', async (store) => {
        const tenant = await seeded(store);
        const list = async (query: Parameters<TenantStoreV1['recommendations']['list']>[0]) => {
          const rows = ids(await tenant.recommendations.list(query));
          expect(await tenant.recommendations.count(query)).toBe(rows.length);
          return rows;
        };
        expect(await list({ resourceId: 'i-db-1' })).toEqual(['b']);
        expect(await list({ resourceId: 'i-web' })).toEqual([]);
        expect(await list({ minMonthlySavings: 120 })).toEqual(['b', 'a', 'd']);
        expect(await list({ minMonthlySavings: 0 })).toEqual(['b', 'a', 'd', 'e', 'c']);
        expect(await list({ search: 'web' })).toEqual(['a', 'f']);
        expect(await list({ search: 'IDLE' })).toEqual(['e']);
        expect(await list({ search: 'tier' })).toEqual(['c']);
        expect(await list({ search: 'Resize' })).toEqual(['b', 'a']);
        expect(await list({ search: 'nothing like this' })).toEqual([]);
      });

      test('recommendation queries: filters combine, and an empty list matches nothing', async (store) => {
        const tenant = await seeded(store);
        expect(ids(await tenant.recommendations.list({ service: ['ec2'], status: ['open'] }))).toEqual([
          'a',
          'f',
        ]);
        const narrow = { service: ['ec2'], status: ['open' as const], minMonthlySavings: 0 };
        expect(ids(await tenant.recommendations.list(narrow))).toEqual(['a']);
        expect(await tenant.recommendations.count(narrow)).toBe(1);
        expect(await tenant.recommendations.list({ status: [] })).toEqual([]);
        expect(await tenant.recommendations.count({ status: [] })).toBe(0);
      });

      test('recommendation queries: limit and offset page; count ignores sort and page', async (store) => {
        const tenant = await seeded(store);
        expect(ids(await tenant.recommendations.list({ limit: 2 }))).toEqual(['b', 'a']);
        expect(ids(await tenant.recommendations.list({ limit: 2, offset: 2 }))).toEqual(['d', 'e']);
        expect(ids(await tenant.recommendations.list({ offset: 4 }))).toEqual(['c', 'f']);
        expect(await tenant.recommendations.list({ offset: 6 })).toEqual([]);
        expect(
          ids(await tenant.recommendations.list({ sort: 'createdAt', order: 'asc', limit: 3, offset: 1 })),
        ).toEqual(['b', 'c', 'd']);
        expect(
          await tenant.recommendations.count({ limit: 1, offset: 3, sort: 'confidence', order: 'asc' }),
        ).toBe(6);
        expect(await tenant.recommendations.count({ status: ['open'], limit: 1 })).toBe(3);
      });

      test('recommendation queries: the default limit is 50', async (store) => {
        const tenant = await newTenant(store);
        for (let index = 0; index < 55; index++) await tenant.recommendations.save(fixtureRecommendation());
        expect(await tenant.recommendations.list()).toHaveLength(50);
        expect(await tenant.recommendations.list({ offset: 50 })).toHaveLength(5);
        expect(await tenant.recommendations.list({ limit: 60 })).toHaveLength(55);
        expect(await tenant.recommendations.count()).toBe(55);
      });

      test('recommendation queries: an invalid query is an InvalidInputError', async (store) => {
        const tenant = await seeded(store);
        await expectInvalid(tenant.recommendations.list({ limit: -1 }), 'limit');
        await expectInvalid(tenant.recommendations.list({ offset: 1.5 }), 'offset');
        const badSort = { sort: 'title' } as unknown as Parameters<
          TenantStoreV1['recommendations']['list']
        >[0];
        await expectInvalid(tenant.recommendations.list(badSort), 'sort');
        await expectInvalid(tenant.recommendations.count(badSort), 'sort');
      });
    });

    describe('approvals', () => {
      test('approvals: save inserts and replaces by id; get', async (store) => {
        const tenant = await newTenant(store);
        const approval = fixtureApproval({ id: 'apr-1' });
        await tenant.approvals.save(approval);
        expect(await tenant.approvals.get('apr-1')).toEqual(approval);
        expect(await tenant.approvals.get('apr-missing')).toBeUndefined();
        const decided: Approval = {
          ...approval,
          status: 'approved',
          currentStage: 1,
          decisions: [
            {
              stage: 0,
              stageName: 'review',
              actor: { id: 'bob', type: 'user', role: 'approver' },
              decision: 'approve',
              at: day(16),
            },
          ],
          updatedAt: day(16),
        };
        await tenant.approvals.save(decided);
        expect(await tenant.approvals.get('apr-1')).toEqual(decided);
        expect(await tenant.approvals.list()).toHaveLength(1);
      });

      test('approvals: getByRecommendation returns the most recent one', async (store) => {
        const tenant = await newTenant(store);
        const older = fixtureApproval({
          id: 'apr-2',
          recommendationId: 'rec-1',
          status: 'rejected',
          createdAt: day(1),
        });
        const newer = fixtureApproval({ id: 'apr-1', recommendationId: 'rec-1', createdAt: day(5) });
        const unrelated = fixtureApproval({ id: 'apr-3', recommendationId: 'rec-2', createdAt: day(9) });
        await tenant.approvals.save(newer);
        await tenant.approvals.save(older);
        await tenant.approvals.save(unrelated);
        expect(await tenant.approvals.getByRecommendation('rec-1')).toEqual(newer);
        expect(await tenant.approvals.getByRecommendation('rec-2')).toEqual(unrelated);
        expect(await tenant.approvals.getByRecommendation('rec-3')).toBeUndefined();
        // Equal creation times: the one inserted last is the current one (a restarted approval).
        const restarted = fixtureApproval({ id: 'apr-0', recommendationId: 'rec-1', createdAt: day(5) });
        await tenant.approvals.save(restarted);
        expect(await tenant.approvals.getByRecommendation('rec-1')).toEqual(restarted);
        await tenant.approvals.save({ ...newer, status: 'cancelled' });
        expect((await tenant.approvals.getByRecommendation('rec-1'))?.id).toBe('apr-0');
      });

      test('approvals: list filters by status and pages', async (store) => {
        const tenant = await newTenant(store);
        const statuses = ['pending', 'approved', 'pending', 'rejected', 'pending'] as const;
        await Promise.all(
          statuses.map((status, index) =>
            tenant.approvals.save(fixtureApproval({ id: `apr-${index}`, status })),
          ),
        );
        const idsOf = (rows: Approval[]) => rows.map((row) => row.id).sort();
        expect(idsOf(await tenant.approvals.list({ status: ['pending'] }))).toEqual([
          'apr-0',
          'apr-2',
          'apr-4',
        ]);
        expect(idsOf(await tenant.approvals.list({ status: ['approved', 'rejected'] }))).toEqual([
          'apr-1',
          'apr-3',
        ]);
        expect(await tenant.approvals.list({ status: ['cancelled'] })).toEqual([]);
        const first = await tenant.approvals.list({ limit: 3 });
        const rest = await tenant.approvals.list({ limit: 3, offset: 3 });
        expect([first.length, rest.length]).toEqual([3, 2]);
        expect(idsOf([...first, ...rest])).toEqual(['apr-0', 'apr-1', 'apr-2', 'apr-3', 'apr-4']);
        expect(await tenant.approvals.list({ status: ['pending'], offset: 2 })).toHaveLength(1);
      });

      test('approvals: invalid approval is refused and nothing is written', async (store) => {
        const tenant = await newTenant(store);
        await expectInvalid(tenant.approvals.save(fixtureApproval({ id: 'apr-1', stages: [] })), 'stages');
        await expectInvalid(
          tenant.approvals.save({ ...fixtureApproval({ id: 'apr-2' }), recommendationId: '' }),
          'recommendationId',
        );
        expect(await tenant.approvals.list()).toEqual([]);
      });
    });

    describe('executions', () => {
      test('executions: save inserts and replaces by id; get and getByIdempotencyKey', async (store) => {
        const tenant = await newTenant(store);
        const execution = fixtureExecution({ id: 'exe-1', idempotencyKey: 'key-1', status: 'running' });
        await tenant.executions.save(execution);
        expect(await tenant.executions.get('exe-1')).toEqual(execution);
        expect(await tenant.executions.getByIdempotencyKey('key-1')).toEqual(execution);
        expect(await tenant.executions.get('exe-missing')).toBeUndefined();
        expect(await tenant.executions.getByIdempotencyKey('key-missing')).toBeUndefined();
        const finished = { ...execution, status: 'succeeded' as const, finishedAt: day(16) };
        await tenant.executions.save(finished);
        expect(await tenant.executions.getByIdempotencyKey('key-1')).toEqual(finished);
        expect(await tenant.executions.list()).toHaveLength(1);
      });

      test('executions: another execution with the same idempotency key is a ConflictError', async (store) => {
        const tenant = await newTenant(store);
        const first = fixtureExecution({ id: 'exe-1', idempotencyKey: 'key-1' });
        await tenant.executions.save(first);
        await expectError(
          tenant.executions.save(fixtureExecution({ id: 'exe-2', idempotencyKey: 'key-1' })),
          'CONFLICT',
        );
        expect(await tenant.executions.get('exe-2')).toBeUndefined();
        expect(await tenant.executions.getByIdempotencyKey('key-1')).toEqual(first);
        expect(await tenant.executions.list()).toHaveLength(1);
      });

      test('executions: listByRecommendation and list with pages', async (store) => {
        const tenant = await newTenant(store);
        const executions = [
          fixtureExecution({ id: 'exe-1', recommendationId: 'rec-1', startedAt: day(1) }),
          fixtureExecution({ id: 'exe-2', recommendationId: 'rec-1', startedAt: day(2) }),
          fixtureExecution({ id: 'exe-3', recommendationId: 'rec-2', startedAt: day(3) }),
        ];
        for (const execution of executions) await tenant.executions.save(execution);
        const idsOf = (rows: Execution[]) => rows.map((row) => row.id).sort();
        expect(idsOf(await tenant.executions.listByRecommendation('rec-1'))).toEqual(['exe-1', 'exe-2']);
        expect(await tenant.executions.listByRecommendation('rec-2')).toEqual([executions[2]]);
        expect(await tenant.executions.listByRecommendation('rec-3')).toEqual([]);
        const first = await tenant.executions.list({ limit: 2 });
        const rest = await tenant.executions.list({ limit: 2, offset: 2 });
        expect([first.length, rest.length]).toEqual([2, 1]);
        expect(idsOf([...first, ...rest])).toEqual(['exe-1', 'exe-2', 'exe-3']);
      });

      test('executions: invalid execution is refused and nothing is written', async (store) => {
        const tenant = await newTenant(store);
        await expectInvalid(
          tenant.executions.save(fixtureExecution({ idempotencyKey: '' })),
          'idempotencyKey',
        );
        const badPlan = fixtureExecution();
        await expectInvalid(
          tenant.executions.save({ ...badPlan, plan: { ...badPlan.plan, steps: [] } }),
          'plan.steps',
        );
        expect(await tenant.executions.list()).toEqual([]);
      });
    });

    describe('audit', () => {
      test('audit: append and list newest first', async (store) => {
        const tenant = await newTenant(store);
        const event = (id: string, at: string) => fixtureAuditEvent({ id, tenantId: tenant.tenantId, at });
        const oldest = event('aud-1', day(1));
        await tenant.audit.append(event('aud-2', day(2)));
        await tenant.audit.append(event('aud-3', day(3)));
        await tenant.audit.append(oldest);
        const listed = await tenant.audit.list();
        expect(listed.map((row) => row.id)).toEqual(['aud-3', 'aud-2', 'aud-1']);
        expect(listed[2]).toEqual(oldest);
      });

      test('audit: events at the same instant list the later append first', async (store) => {
        const tenant = await newTenant(store);
        for (const id of ['aud-b', 'aud-c', 'aud-a']) {
          await tenant.audit.append(fixtureAuditEvent({ id, tenantId: tenant.tenantId, at: day(1) }));
        }
        expect((await tenant.audit.list()).map((row) => row.id)).toEqual(['aud-a', 'aud-c', 'aud-b']);
      });

      test('audit: list filters by action and subject and pages', async (store) => {
        const tenant = await newTenant(store);
        const rows: [string, string, string][] = [
          ['aud-1', 'recommendation.approve', 'rec-1'],
          ['aud-2', 'execution.start', 'rec-1'],
          ['aud-3', 'recommendation.approve', 'rec-2'],
          ['aud-4', 'recommendation.approve', 'rec-1'],
        ];
        for (const [index, [id, action, subjectId]] of rows.entries()) {
          await tenant.audit.append(
            fixtureAuditEvent({
              id,
              tenantId: tenant.tenantId,
              action,
              subject: { type: 'recommendation', id: subjectId },
              at: day(index + 1),
            }),
          );
        }
        const idsOf = (events: AuditEvent[]) => events.map((event) => event.id);
        expect(idsOf(await tenant.audit.list({ action: 'recommendation.approve' }))).toEqual([
          'aud-4',
          'aud-3',
          'aud-1',
        ]);
        expect(idsOf(await tenant.audit.list({ subjectId: 'rec-1' }))).toEqual(['aud-4', 'aud-2', 'aud-1']);
        expect(idsOf(await tenant.audit.list({ subjectId: 'rec-1', action: 'execution.start' }))).toEqual([
          'aud-2',
        ]);
        expect(idsOf(await tenant.audit.list({ limit: 2 }))).toEqual(['aud-4', 'aud-3']);
        expect(idsOf(await tenant.audit.list({ limit: 2, offset: 2 }))).toEqual(['aud-2', 'aud-1']);
      });

      test('audit: the repository has no update or delete method', async (store) => {
        const tenant = await newTenant(store);
        expect(methodNames(tenant.audit)).toEqual(['append', 'list']);
      });

      test('audit: appending an existing id is a ConflictError and keeps the original', async (store) => {
        const tenant = await newTenant(store);
        const original = fixtureAuditEvent({
          id: 'aud-1',
          tenantId: tenant.tenantId,
          action: 'recommendation.approve',
        });
        await tenant.audit.append(original);
        await expectError(tenant.audit.append({ ...original, action: 'recommendation.reject' }), 'CONFLICT');
        expect(await tenant.audit.list()).toEqual([original]);
      });

      test('audit: invalid event or another tenant id is refused and nothing is written', async (store) => {
        const tenant = await newTenant(store);
        await expectInvalid(
          tenant.audit.append(fixtureAuditEvent({ tenantId: tenant.tenantId, action: '' })),
          'action',
        );
        await expectInvalid(
          tenant.audit.append(fixtureAuditEvent({ tenantId: `${tenant.tenantId}-other` })),
          'tenantId',
        );
        expect(await tenant.audit.list()).toEqual([]);
      });
    });

    describe('config', () => {
      test('config: get, set and list', async (store) => {
        const tenant = await newTenant(store);
        expect(await tenant.config.get('budget')).toBeUndefined();
        expect(await tenant.config.list()).toEqual({});
        await tenant.config.set('budget', { monthly: 5000, currency: 'USD' });
        await tenant.config.set('killSwitch', false);
        await tenant.config.set('regions', ['us-east-1', 'eu-west-1']);
        await tenant.config.set('note', null);
        expect(await tenant.config.get('budget')).toEqual({ monthly: 5000, currency: 'USD' });
        expect(await tenant.config.get<boolean>('killSwitch')).toBe(false);
        expect(await tenant.config.get('note')).toBeNull();
        await tenant.config.set('killSwitch', true);
        expect(await tenant.config.get('killSwitch')).toBe(true);
        expect(await tenant.config.list()).toEqual({
          budget: { monthly: 5000, currency: 'USD' },
          killSwitch: true,
          regions: ['us-east-1', 'eu-west-1'],
          note: null,
        });
      });

      test('config: an empty key or a value that is not JSON is refused', async (store) => {
        const tenant = await newTenant(store);
        await expectError(tenant.config.set('', 1), 'INVALID_INPUT');
        await expectError(tenant.config.set('budget', undefined), 'INVALID_INPUT');
        await expectError(
          tenant.config.set('budget', () => 1),
          'INVALID_INPUT',
        );
        await expectError(tenant.config.set('budget', { limit: Number.NaN }), 'INVALID_INPUT');
        expect(await tenant.config.list()).toEqual({});
      });
    });

    describe('copies', () => {
      test('copies: saved inputs and returned values are detached from the store', async (store) => {
        const tenant = await newTenant(store);
        const resource = fixtureResource({ id: 'i-1', metadata: { nested: { deep: 1 } } });
        const summary = fixtureMetricSummary({ resourceId: 'i-1' });
        const recommendation = fixtureRecommendation({ id: 'rec-1' });
        const approval = fixtureApproval({ id: 'apr-1', recommendationId: 'rec-1' });
        const execution = fixtureExecution({
          id: 'exe-1',
          idempotencyKey: 'key-1',
          recommendationId: 'rec-1',
        });
        const event = fixtureAuditEvent({ id: 'aud-1', tenantId: tenant.tenantId, details: { list: [1] } });
        const budget = { monthly: 100, owners: ['alice'] };
        const pristine = structuredClone({
          resource,
          summary,
          recommendation,
          approval,
          execution,
          event,
          budget,
        });
        await tenant.resources.upsertMany([resource]);
        await tenant.metricSummaries.putMany([summary]);
        await tenant.recommendations.save(recommendation);
        await tenant.approvals.save(approval);
        await tenant.executions.save(execution);
        await tenant.audit.append(event);
        await tenant.config.set('budget', budget);

        // Mutate what was passed in.
        (resource.metadata?.['nested'] as { deep: number }).deep = 2;
        summary.mean = -1;
        recommendation.calculation.steps.push({ label: 'x', expression: '1', value: 1 });
        approval.stages[0]!.name = 'changed';
        execution.plan.steps.push('changed');
        (event.details['list'] as number[]).push(2);
        budget.owners.push('mallory');

        // Mutate everything that comes back.
        const reads = [
          await tenant.resources.get('i-1'),
          ...(await tenant.resources.list()),
          ...(await tenant.metricSummaries.list('i-1')),
          await tenant.recommendations.get('rec-1'),
          await tenant.recommendations.getByKey(pristine.recommendation.key),
          ...(await tenant.recommendations.list()),
          await tenant.approvals.get('apr-1'),
          await tenant.approvals.getByRecommendation('rec-1'),
          ...(await tenant.approvals.list()),
          await tenant.executions.get('exe-1'),
          await tenant.executions.getByIdempotencyKey('key-1'),
          ...(await tenant.executions.list()),
          ...(await tenant.executions.listByRecommendation('rec-1')),
          ...(await tenant.audit.list()),
          await tenant.config.get('budget'),
          await tenant.config.list(),
        ];
        for (const read of reads) {
          expect(read).toBeTruthy();
          expect(read).toBeTypeOf('object');
          const record = read as Record<string, unknown>;
          for (const key of Object.keys(record)) record[key] = 'mutated';
        }

        expect(await tenant.resources.get('i-1')).toEqual(pristine.resource);
        expect(await tenant.metricSummaries.list('i-1')).toEqual([pristine.summary]);
        expect(await tenant.recommendations.get('rec-1')).toEqual(pristine.recommendation);
        expect(await tenant.approvals.get('apr-1')).toEqual(pristine.approval);
        expect(await tenant.executions.get('exe-1')).toEqual(pristine.execution);
        expect(await tenant.audit.list()).toEqual([pristine.event]);
        expect(await tenant.config.get('budget')).toEqual(pristine.budget);
        expect(await tenant.config.list()).toEqual({ budget: pristine.budget });
      });
    });

    describe('transactions', () => {
      test('transaction: commits every write and returns the result of work', async (store) => {
        const tenant = await newTenant(store);
        const recommendation = fixtureRecommendation({ id: 'rec-1' });
        const result = await store.transaction(tenant.tenantId, async (tx) => {
          expect(tx.tenantId).toBe(tenant.tenantId);
          await tx.resources.upsertMany([fixtureResource({ id: 'i-1' })]);
          await tx.recommendations.save(recommendation);
          await tx.approvals.save(fixtureApproval({ id: 'apr-1', recommendationId: 'rec-1' }));
          await tx.config.set('budget', 100);
          // A transaction reads its own writes.
          expect(await tx.recommendations.get('rec-1')).toEqual(recommendation);
          expect(await tx.resources.count()).toBe(1);
          return 'done';
        });
        expect(result).toBe('done');
        expect(await tenant.resources.count()).toBe(1);
        expect(await tenant.recommendations.get('rec-1')).toEqual(recommendation);
        expect((await tenant.approvals.get('apr-1'))?.recommendationId).toBe('rec-1');
        expect(await tenant.config.get('budget')).toBe(100);
      });

      test('transaction: writes are invisible outside until commit', async (store) => {
        const tenant = await newTenant(store);
        await store.transaction(tenant.tenantId, async (tx) => {
          await tx.recommendations.save(fixtureRecommendation({ id: 'rec-1' }));
          await tx.config.set('budget', 100);
          expect(
            await within(tenant.recommendations.get('rec-1'), 2000, 'a read outside the transaction'),
          ).toBeUndefined();
          expect(
            await within(tenant.config.get('budget'), 2000, 'a read outside the transaction'),
          ).toBeUndefined();
        });
        expect((await tenant.recommendations.get('rec-1'))?.id).toBe('rec-1');
      });

      test('transaction: reads through the outer store inside work do not deadlock', async (store) => {
        const tenant = await newTenant(store);
        await tenant.recommendations.save(fixtureRecommendation({ id: 'rec-0' }));
        const seen = await within(
          store.transaction(tenant.tenantId, async (tx) => {
            await tx.recommendations.save(fixtureRecommendation({ id: 'rec-1' }));
            const outer = await tenant.recommendations.list();
            const count = await tenant.recommendations.count();
            await tenant.audit.list();
            await tenant.config.list();
            return { ids: outer.map((row) => row.id), count };
          }),
          5000,
          'the transaction',
        );
        expect(seen.ids).toContain('rec-0');
        expect(await tenant.recommendations.count()).toBe(2);
      });

      test('transaction: a throw rolls back every write and rethrows', async (store) => {
        const tenant = await newTenant(store);
        await tenant.recommendations.save(fixtureRecommendation({ id: 'rec-0', title: 'Before' }));
        const failure = new Error('work failed');
        await expect(
          store.transaction(tenant.tenantId, async (tx) => {
            await tx.resources.upsertMany([fixtureResource({ id: 'i-1' })]);
            await tx.resources.remove(['i-1']);
            await tx.resources.upsertMany([fixtureResource({ id: 'i-2' })]);
            await tx.metricSummaries.putMany([fixtureMetricSummary({ resourceId: 'i-2' })]);
            await tx.recommendations.save(fixtureRecommendation({ id: 'rec-0', title: 'During' }));
            await tx.recommendations.save(fixtureRecommendation({ id: 'rec-1' }));
            await tx.approvals.save(fixtureApproval({ id: 'apr-1' }));
            await tx.executions.save(fixtureExecution({ id: 'exe-1' }));
            await tx.audit.append(fixtureAuditEvent({ id: 'aud-1', tenantId: tenant.tenantId }));
            await tx.config.set('budget', 100);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await tenant.resources.count()).toBe(0);
        expect(await tenant.metricSummaries.list('i-2')).toEqual([]);
        expect((await tenant.recommendations.list()).map((row) => [row.id, row.title])).toEqual([
          ['rec-0', 'Before'],
        ]);
        expect(await tenant.approvals.list()).toEqual([]);
        expect(await tenant.executions.list()).toEqual([]);
        expect(await tenant.audit.list()).toEqual([]);
        expect(await tenant.config.list()).toEqual({});
      });

      test('transaction: a failing write inside work rolls back the earlier writes', async (store) => {
        const tenant = await newTenant(store);
        await tenant.executions.save(fixtureExecution({ id: 'exe-0', idempotencyKey: 'key-0' }));
        await expectError(
          store.transaction(tenant.tenantId, async (tx) => {
            await tx.config.set('budget', 100);
            await tx.executions.save(fixtureExecution({ id: 'exe-1', idempotencyKey: 'key-0' }));
          }),
          'CONFLICT',
        );
        expect(await tenant.config.get('budget')).toBeUndefined();
        expect((await tenant.executions.list()).map((row) => row.id)).toEqual(['exe-0']);
      });

      test('transaction: a caught failing write leaves the rest of the transaction intact', async (store) => {
        const tenant = await newTenant(store);
        await store.transaction(tenant.tenantId, async (tx) => {
          await tx.recommendations.save(fixtureRecommendation({ id: 'rec-1', key: 'key-1' }));
          await expectError(
            tx.recommendations.save(fixtureRecommendation({ id: 'rec-2', key: 'key-1' })),
            'CONFLICT',
          );
          await expectError(
            tx.recommendations.save(fixtureRecommendation({ id: 'rec-3', confidence: 7 })),
            'INVALID_INPUT',
          );
        });
        expect((await tenant.recommendations.list()).map((row) => row.id)).toEqual(['rec-1']);
      });

      test('transaction: concurrent transactions of one tenant are serialized', async (store) => {
        const tenant = await newTenant(store);
        const increment = () =>
          store.transaction(tenant.tenantId, async (tx) => {
            const value = (await tx.config.get<number>('counter')) ?? 0;
            await new Promise((resolve) => setTimeout(resolve, 5));
            await tx.config.set('counter', value + 1);
          });
        await Promise.all([increment(), increment(), increment(), increment()]);
        expect(await tenant.config.get('counter')).toBe(4);
      });
    });

    describe('change feed', () => {
      test('change feed: every write publishes entity, op, id and tenant', async (store) => {
        const changes: StoreChange[] = [];
        store.subscribe((change) => changes.push(change));
        const tenantRecord = fixtureTenant();
        await store.tenants.create(tenantRecord);
        const tenant = store.forTenant(tenantRecord.id);
        const recommendation = fixtureRecommendation({ id: 'rec-1' });
        await tenant.resources.upsertMany([fixtureResource({ id: 'i-1' }), fixtureResource({ id: 'i-2' })]);
        await tenant.resources.upsertMany([fixtureResource({ id: 'i-1', type: 'm5.large' })]);
        await tenant.resources.remove(['i-2', 'i-missing']);
        await tenant.recommendations.save(recommendation);
        await tenant.recommendations.save({ ...recommendation, status: 'dismissed' });
        await tenant.approvals.save(fixtureApproval({ id: 'apr-1' }));
        await tenant.executions.save(fixtureExecution({ id: 'exe-1' }));
        await tenant.audit.append(fixtureAuditEvent({ id: 'aud-1', tenantId: tenantRecord.id }));
        await tenant.config.set('budget', 1);
        await tenant.config.set('budget', 2);
        const change = (entity: StoreChange['entity'], op: StoreChange['op'], id: string): StoreChange => ({
          tenantId: tenantRecord.id,
          entity,
          op,
          id,
        });
        const expected = [
          change('tenant', 'insert', tenantRecord.id),
          change('resource', 'insert', 'i-1'),
          change('resource', 'insert', 'i-2'),
          change('resource', 'update', 'i-1'),
          change('resource', 'delete', 'i-2'),
          change('recommendation', 'insert', 'rec-1'),
          change('recommendation', 'update', 'rec-1'),
          change('approval', 'insert', 'apr-1'),
          change('execution', 'insert', 'exe-1'),
          change('audit', 'insert', 'aud-1'),
          change('config', 'insert', 'budget'),
          change('config', 'update', 'budget'),
        ];
        await eventually(() => expect(changes).toEqual(expected));
      });

      test('change feed: a transaction publishes only after commit, in order', async (store) => {
        const tenant = await newTenant(store);
        const changes: StoreChange[] = [];
        store.subscribe((change) => changes.push(change));
        const recommendation = fixtureRecommendation({ id: 'rec-1' });
        await store.transaction(tenant.tenantId, async (tx) => {
          await tx.recommendations.save(recommendation);
          await tx.config.set('budget', 1);
          await tx.recommendations.save({ ...recommendation, status: 'dismissed' });
          await tx.audit.append(fixtureAuditEvent({ id: 'aud-1', tenantId: tenant.tenantId }));
          await settle();
          expect(changes).toEqual([]);
        });
        const change = (entity: StoreChange['entity'], op: StoreChange['op'], id: string) => ({
          tenantId: tenant.tenantId,
          entity,
          op,
          id,
        });
        await eventually(() =>
          expect(changes).toEqual([
            change('recommendation', 'insert', 'rec-1'),
            change('config', 'insert', 'budget'),
            change('recommendation', 'update', 'rec-1'),
            change('audit', 'insert', 'aud-1'),
          ]),
        );
      });

      test('change feed: a rolled-back transaction or a refused write publishes nothing', async (store) => {
        const tenant = await newTenant(store);
        await tenant.recommendations.save(fixtureRecommendation({ id: 'rec-0', key: 'key-0' }));
        const changes: StoreChange[] = [];
        store.subscribe((change) => changes.push(change));
        await expect(
          store.transaction(tenant.tenantId, async (tx) => {
            await tx.recommendations.save(fixtureRecommendation({ id: 'rec-1' }));
            await tx.config.set('budget', 1);
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        await expectError(
          tenant.recommendations.save(fixtureRecommendation({ id: 'rec-2', key: 'key-0' })),
          'CONFLICT',
        );
        await expectError(
          tenant.recommendations.save(fixtureRecommendation({ confidence: -1 })),
          'INVALID_INPUT',
        );
        await settle();
        expect(changes).toEqual([]);
      });

      test('change feed: unsubscribe stops one listener only', async (store) => {
        const tenant = await newTenant(store);
        const first: StoreChange[] = [];
        const second: StoreChange[] = [];
        const unsubscribe = store.subscribe((change) => first.push(change));
        store.subscribe((change) => second.push(change));
        await tenant.config.set('a', 1);
        await eventually(() => expect(first).toHaveLength(1));
        unsubscribe();
        await tenant.config.set('b', 2);
        await eventually(() => expect(second.map((change) => change.id)).toEqual(['a', 'b']));
        await settle();
        expect(first.map((change) => change.id)).toEqual(['a']);
      });

      test('change feed: changes of each tenant carry that tenant', async (store) => {
        const a = await newTenant(store);
        const b = await newTenant(store);
        const changes: StoreChange[] = [];
        store.subscribe((change) => changes.push(change));
        await a.config.set('budget', 1);
        await b.config.set('budget', 2);
        await eventually(() =>
          expect(changes.map((change) => [change.tenantId, change.id])).toEqual([
            [a.tenantId, 'budget'],
            [b.tenantId, 'budget'],
          ]),
        );
      });
    });

    describe('tenant isolation', () => {
      /** Fills a tenant with one row of every kind; returns the ids used. */
      const seed = async (tenant: TenantStoreV1) => {
        const resource = fixtureResource({ id: 'i-shared' });
        const recommendation = fixtureRecommendation({ id: 'rec-shared', resourceId: 'i-shared' });
        const ids = {
          resourceId: resource.id,
          recommendationId: recommendation.id,
          recommendationKey: recommendation.key,
          approvalId: 'apr-shared',
          executionId: 'exe-shared',
          idempotencyKey: 'key-shared',
          auditId: 'aud-shared',
          configKey: 'budget',
        };
        await tenant.resources.upsertMany([resource]);
        await tenant.metricSummaries.putMany([fixtureMetricSummary({ resourceId: resource.id })]);
        await tenant.recommendations.save(recommendation);
        await tenant.approvals.save(
          fixtureApproval({ id: ids.approvalId, recommendationId: recommendation.id }),
        );
        await tenant.executions.save(
          fixtureExecution({
            id: ids.executionId,
            recommendationId: recommendation.id,
            idempotencyKey: ids.idempotencyKey,
          }),
        );
        await tenant.audit.append(
          fixtureAuditEvent({
            id: ids.auditId,
            tenantId: tenant.tenantId,
            subject: { type: 'recommendation', id: recommendation.id },
          }),
        );
        await tenant.config.set(ids.configKey, { monthly: 100 });
        return ids;
      };

      /** Everything a tenant holds, as its repositories return it. */
      const snapshot = async (tenant: TenantStoreV1) => ({
        resources: await tenant.resources.list(),
        resourceCount: await tenant.resources.count(),
        summaries: await tenant.metricSummaries.list('i-shared'),
        recommendations: await tenant.recommendations.list(),
        recommendationCount: await tenant.recommendations.count(),
        approvals: await tenant.approvals.list(),
        executions: await tenant.executions.list(),
        audit: await tenant.audit.list(),
        config: await tenant.config.list(),
      });

      /** Every read method of a tenant's repositories, called with the other tenant's ids. */
      const readAll = async (tenant: TenantStoreV1, ids: Awaited<ReturnType<typeof seed>>) => ({
        resource: await tenant.resources.get(ids.resourceId),
        resources: await tenant.resources.list(),
        resourcesOfService: await tenant.resources.list({ service: 'ec2', kind: 'compute-instance' }),
        resourceCount: await tenant.resources.count(),
        summaries: await tenant.metricSummaries.list(ids.resourceId),
        recommendation: await tenant.recommendations.get(ids.recommendationId),
        recommendationByKey: await tenant.recommendations.getByKey(ids.recommendationKey),
        recommendations: await tenant.recommendations.list(),
        recommendationsOfResource: await tenant.recommendations.list({
          resourceId: ids.resourceId,
          search: 'shared',
        }),
        recommendationCount: await tenant.recommendations.count(),
        recommendationCountOfResource: await tenant.recommendations.count({ resourceId: ids.resourceId }),
        approval: await tenant.approvals.get(ids.approvalId),
        approvalOfRecommendation: await tenant.approvals.getByRecommendation(ids.recommendationId),
        approvals: await tenant.approvals.list(),
        execution: await tenant.executions.get(ids.executionId),
        executionByKey: await tenant.executions.getByIdempotencyKey(ids.idempotencyKey),
        executionsOfRecommendation: await tenant.executions.listByRecommendation(ids.recommendationId),
        executions: await tenant.executions.list(),
        audit: await tenant.audit.list(),
        auditOfSubject: await tenant.audit.list({ subjectId: ids.recommendationId }),
        config: await tenant.config.get(ids.configKey),
        configs: await tenant.config.list(),
      });

      const nothing = {
        resource: undefined,
        resources: [],
        resourcesOfService: [],
        resourceCount: 0,
        summaries: [],
        recommendation: undefined,
        recommendationByKey: undefined,
        recommendations: [],
        recommendationsOfResource: [],
        recommendationCount: 0,
        recommendationCountOfResource: 0,
        approval: undefined,
        approvalOfRecommendation: undefined,
        approvals: [],
        execution: undefined,
        executionByKey: undefined,
        executionsOfRecommendation: [],
        executions: [],
        audit: [],
        auditOfSubject: [],
        config: undefined,
        configs: {},
      };

      test('isolation: every read and count through another tenant finds nothing', async (store) => {
        const a = await newTenant(store);
        const b = await newTenant(store);
        const ids = await seed(a);
        // The seeded tenant itself finds everything, so the ids are right.
        const own = await readAll(a, ids);
        expect(own.resourceCount).toBe(1);
        expect(own.recommendationCountOfResource).toBe(1);
        expect(
          Object.values(own).every(
            (value) => value !== undefined && !(Array.isArray(value) && value.length === 0),
          ),
        ).toBe(true);
        expect(await readAll(b, ids)).toEqual(nothing);
        expect(await store.transaction(b.tenantId, (tx) => readAll(tx, ids))).toEqual(nothing);
      });

      test('isolation: writes through another tenant with the same ids change nothing of the first', async (store) => {
        const a = await newTenant(store);
        const b = await newTenant(store);
        const ids = await seed(a);
        const before = await snapshot(a);
        expect(await b.resources.remove([ids.resourceId])).toBe(0);

        // Same ids, keys and idempotency keys in the other tenant: its own rows, no conflict.
        await b.resources.upsertMany([fixtureResource({ id: ids.resourceId, type: 't3.nano' })]);
        await b.metricSummaries.putMany([fixtureMetricSummary({ resourceId: ids.resourceId, mean: 99 })]);
        await b.recommendations.save(
          fixtureRecommendation({ id: ids.recommendationId, resourceId: ids.resourceId, title: 'Tenant B' }),
        );
        await b.approvals.save(
          fixtureApproval({ id: ids.approvalId, recommendationId: ids.recommendationId, status: 'rejected' }),
        );
        await b.executions.save(
          fixtureExecution({ id: ids.executionId, idempotencyKey: ids.idempotencyKey, status: 'failed' }),
        );
        await b.audit.append(
          fixtureAuditEvent({ id: ids.auditId, tenantId: b.tenantId, action: 'tenant-b.action' }),
        );
        await b.config.set(ids.configKey, { monthly: 1 });

        expect((await b.resources.get(ids.resourceId))?.type).toBe('t3.nano');
        expect((await b.metricSummaries.list(ids.resourceId)).map((summary) => summary.mean)).toEqual([99]);
        expect((await b.recommendations.getByKey(ids.recommendationKey))?.title).toBe('Tenant B');
        expect((await b.approvals.get(ids.approvalId))?.status).toBe('rejected');
        expect((await b.executions.getByIdempotencyKey(ids.idempotencyKey))?.status).toBe('failed');
        expect((await b.audit.list()).map((event) => event.action)).toEqual(['tenant-b.action']);
        expect(await b.config.get(ids.configKey)).toEqual({ monthly: 1 });
        expect(await b.resources.remove([ids.resourceId])).toBe(1);

        expect(await snapshot(a)).toEqual(before);
      });

      test('isolation: a transaction of another tenant neither sees nor changes the first', async (store) => {
        const a = await newTenant(store);
        const b = await newTenant(store);
        const ids = await seed(a);
        const before = await snapshot(a);
        await store.transaction(b.tenantId, async (tx) => {
          expect(await tx.resources.remove([ids.resourceId])).toBe(0);
          await tx.recommendations.save(
            fixtureRecommendation({ id: ids.recommendationId, title: 'Tenant B' }),
          );
          await tx.config.set(ids.configKey, 'b');
        });
        await expect(
          store.transaction(b.tenantId, async (tx) => {
            await tx.executions.save(
              fixtureExecution({ id: ids.executionId, idempotencyKey: ids.idempotencyKey }),
            );
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await snapshot(a)).toEqual(before);
        expect((await b.recommendations.get(ids.recommendationId))?.title).toBe('Tenant B');
        expect(await b.executions.list()).toEqual([]);
      });

      test('isolation: an audit event naming another tenant is refused', async (store) => {
        const a = await newTenant(store);
        const b = await newTenant(store);
        await seed(a);
        const before = await snapshot(a);
        await expectInvalid(
          b.audit.append(fixtureAuditEvent({ id: 'aud-new', tenantId: a.tenantId })),
          'tenantId',
        );
        expect(await b.audit.list()).toEqual([]);
        expect(await snapshot(a)).toEqual(before);
      });
    });

    describe('close', () => {
      test('close: every later call rejects', async (store) => {
        const tenant = await newTenant(store);
        await tenant.config.set('budget', 1);
        await store.close();
        const closed = /closed/i;
        await expect(store.tenants.create(fixtureTenant())).rejects.toThrow(closed);
        await expect(store.tenants.get(tenant.tenantId)).rejects.toThrow(closed);
        await expect(store.tenants.list()).rejects.toThrow(closed);
        await expect(tenant.config.get('budget')).rejects.toThrow(closed);
        await expect(tenant.config.set('budget', 2)).rejects.toThrow(closed);
        await expect(store.forTenant(tenant.tenantId).recommendations.list()).rejects.toThrow(closed);
        await expect(
          store.forTenant(tenant.tenantId).resources.upsertMany([fixtureResource()]),
        ).rejects.toThrow(closed);
        let ran = false;
        await expect(
          store.transaction(tenant.tenantId, async () => {
            ran = true;
          }),
        ).rejects.toThrow(closed);
        expect(ran).toBe(false);
        expect(() => store.subscribe(() => {})).toThrow(closed);
      });

      test('close: closing twice is harmless', async (store) => {
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });
    });

    options.additionalTests?.({ getStore });

    // Runs after collection, when every test (nested blocks included) has registered its name.
    it('skip: names only tests of this suite', () => {
      expect(Object.keys(skip).filter((name) => !registered.has(name))).toEqual([]);
    });
  });
}
