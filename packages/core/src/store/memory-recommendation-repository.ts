import type { RecommendationQuery, RecommendationRepositoryV1 } from '../contracts/v1/store-v1.js';
import { recommendationSchema } from '../schemas/recommendation.js';
import { parseWith } from '../util/parse.js';
import { copyIn, copyOut, rowsOf, type TenantScope } from './memory-scope.js';
import { matchesRecommendationQuery, runRecommendationQuery } from './recommendation-query.js';
import { recommendationQuerySchema } from './store-schemas.js';

function parseQuery(query: RecommendationQuery | undefined): RecommendationQuery {
  return parseWith(recommendationQuerySchema, query, 'RecommendationQuery') ?? {};
}

/** Recommendations of one tenant; `key` is unique within the tenant. */
export function createRecommendationRepository(scope: TenantScope): RecommendationRepositoryV1 {
  return {
    async save(recommendation) {
      const parsed = copyIn(
        parseWith(recommendationSchema, recommendation, 'Recommendation'),
        'Recommendation',
      );
      await scope.write((draft) => {
        draft.record('recommendation', draft.writable('recommendations').put(parsed), parsed.id);
      });
    },
    async get(id) {
      return copyOut(rowsOf(scope, 'recommendations')?.get(id));
    },
    async getByKey(key) {
      return copyOut(rowsOf(scope, 'recommendations')?.getByUnique(key));
    },
    async list(query) {
      const parsed = parseQuery(query);
      return copyOut(runRecommendationQuery(rowsOf(scope, 'recommendations')?.values() ?? [], parsed));
    },
    async count(query) {
      const parsed = parseQuery(query);
      const all = rowsOf(scope, 'recommendations')?.values() ?? [];
      return all.filter((recommendation) => matchesRecommendationQuery(recommendation, parsed)).length;
    },
  };
}
