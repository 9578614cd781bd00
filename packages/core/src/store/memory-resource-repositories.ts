import { z } from 'zod';
import type {
  MetricSummary,
  MetricSummaryRepositoryV1,
  ResourceRepositoryV1,
} from '../contracts/v1/store-v1.js';
import { resourceSchema } from '../schemas/resource.js';
import { parseWith } from '../util/parse.js';
import { byId, copyIn, copyOut, rowsOf, type TenantScope } from './memory-scope.js';
import { metricSummarySchema, page, resourceCountSchema, resourceListSchema } from './store-schemas.js';

const idsSchema = z.array(z.string());

function matchingResources(scope: TenantScope, filter: { service?: string; kind?: string } | undefined) {
  return [...(rowsOf(scope, 'resources')?.values() ?? [])].filter(
    (resource) =>
      (filter?.service === undefined || resource.service === filter.service) &&
      (filter?.kind === undefined || resource.kind === filter.kind),
  );
}

/** Resources of one tenant, listed by id. */
export function createResourceRepository(scope: TenantScope): ResourceRepositoryV1 {
  return {
    async upsertMany(resources) {
      const parsed = copyIn(parseWith(z.array(resourceSchema), resources, 'Resource'), 'Resource');
      await scope.write((draft) => {
        const table = draft.writable('resources');
        for (const resource of parsed) draft.record('resource', table.put(resource), resource.id);
      });
    },
    async get(id) {
      return copyOut(rowsOf(scope, 'resources')?.get(id));
    },
    async list(options) {
      const filter = parseWith(resourceListSchema, options, 'resource list options');
      return copyOut(page(matchingResources(scope, filter).sort(byId), filter));
    },
    async count(filter) {
      const parsed = parseWith(resourceCountSchema, filter, 'resource count filter');
      if (parsed?.service === undefined && parsed?.kind === undefined)
        return rowsOf(scope, 'resources')?.size ?? 0;
      return matchingResources(scope, parsed).length;
    },
    async remove(ids) {
      const parsed = parseWith(idsSchema, ids, 'resource ids');
      return scope.write((draft) => {
        const table = draft.writable('resources');
        let removed = 0;
        for (const id of new Set(parsed)) {
          if (!table.delete(id)) continue;
          removed += 1;
          draft.record('resource', 'delete', id);
        }
        return removed;
      });
    },
  };
}

/** Metric summaries of one tenant, one per resource and metric, listed by metric. */
export function createMetricSummaryRepository(scope: TenantScope): MetricSummaryRepositoryV1 {
  return {
    async putMany(summaries) {
      const parsed: MetricSummary[] = copyIn(
        parseWith(z.array(metricSummarySchema), summaries, 'MetricSummary'),
        'MetricSummary',
      );
      // StoreChange has no metric-summary entity, so these writes publish nothing.
      await scope.write((draft) => {
        const table = draft.writable('metricSummaries');
        for (const summary of parsed) table.put(summary);
      });
    },
    async list(resourceId) {
      const matching = (rowsOf(scope, 'metricSummaries')?.values() ?? [])
        .filter((summary) => summary.resourceId === resourceId)
        .sort((left, right) => (left.metric < right.metric ? -1 : left.metric > right.metric ? 1 : 0));
      return copyOut(matching);
    },
  };
}
