import {
  createMemoryStore,
  type Recommendation,
  type RecommendationQuery,
  type RecommendationStatus,
} from '@finops-autopilot/core';
import { fixtureTenant } from '@finops-autopilot/core/testing';
import { expect, it } from 'vitest';
import { describeEachBackend } from './testing-support/backends.js';
import { sampleRecommendation } from './testing-support/sample-records.js';

// Lists by savings over several statuses (or none) read the status index once per status
// and merge; these check them, and every other list, against core's in-memory store.

const STATUSES: RecommendationStatus[] = ['open', 'pending-approval', 'approved', 'dismissed', 'executing'];

function records(): Recommendation[] {
  return Array.from({ length: 240 }, (_, index) =>
    sampleRecommendation(index, {
      status: STATUSES[(index * 7) % STATUSES.length] as RecommendationStatus,
      // Few distinct savings, so ties (broken by id) are common.
      estimatedMonthlySavings: [0, 12.5, 40, 40, 99.99, -3][index % 6] as number,
      executionMode: index % 4 === 0 ? 'autonomous' : index % 4 === 1 ? 'hitl' : null,
      title: index % 9 === 0 ? `Stop idle web server ${index}` : `Resize instance ${index}`,
      createdAt: new Date(Date.UTC(2026, 0, 1 + (index % 20))).toISOString(),
    }),
  );
}

const QUERIES: RecommendationQuery[] = [
  {},
  { limit: 7 },
  { limit: 10, offset: 35 },
  { order: 'asc', limit: 25, offset: 3 },
  { status: ['open', 'approved'] },
  { status: ['open', 'approved', 'open'], limit: 9, offset: 4 },
  { status: ['dismissed', 'executing', 'pending-approval'], order: 'asc' },
  { status: ['open', 'superseded'], limit: 1000 },
  { status: ['verified', 'superseded'] },
  { status: ['open'], limit: 5, offset: 10 },
  { status: [] },
  { executionMode: ['autonomous'], limit: 30 },
  { status: ['open', 'dismissed'], service: ['rds'], minMonthlySavings: 12.5 },
  { search: 'web', limit: 100 },
  { status: ['open', 'approved'], resourceId: 'i-00000011' },
  { status: ['open', 'approved'], sort: 'createdAt', order: 'asc', limit: 20 },
  { sort: 'confidence', limit: 15, offset: 5 },
  { offset: 500 },
];

describeEachBackend('recommendation lists', (backend) => {
  it('return what the in-memory reference store returns, in the same order', async () => {
    const store = backend.store();
    const reference = createMemoryStore();
    for (const target of [store, reference]) {
      await target.tenants.create(fixtureTenant({ id: 'acme' }));
      await target.tenants.create(fixtureTenant({ id: 'other' }));
    }
    await store.forTenant('acme').recommendations.saveMany(records());
    await store.forTenant('other').recommendations.saveMany(records().slice(0, 50));
    for (const recommendation of records())
      await reference.forTenant('acme').recommendations.save(recommendation);
    for (const query of QUERIES) {
      const ids = (list: Recommendation[]) => list.map((recommendation) => recommendation.id);
      const actual = await store.forTenant('acme').recommendations.list(query);
      const expected = await reference.forTenant('acme').recommendations.list(query);
      expect(ids(actual), JSON.stringify(query)).toEqual(ids(expected));
      expect(actual, JSON.stringify(query)).toEqual(expected);
    }
  });
});
