import type { RecommendationQuery } from '../contracts/v1/store-v1.js';
import type { Recommendation } from '../schemas/recommendation.js';
import { page } from './store-schemas.js';

/** Page size of a recommendation list when the query gives no `limit`. */
export const DEFAULT_RECOMMENDATION_LIMIT = 50;

/**
 * Whether a recommendation passes every filter of the query. A list filter that
 * is given but empty matches nothing ("status is one of none").
 */
export function matchesRecommendationQuery(
  recommendation: Recommendation,
  query: RecommendationQuery,
): boolean {
  if (query.status && !query.status.includes(recommendation.status)) return false;
  if (query.kind && !query.kind.includes(recommendation.kind)) return false;
  if (query.service && !query.service.includes(recommendation.service)) return false;
  if (query.executionMode) {
    const mode = recommendation.executionMode;
    if (mode === null || !query.executionMode.includes(mode)) return false;
  }
  if (query.resourceId !== undefined && recommendation.resourceId !== query.resourceId) return false;
  if (
    query.minMonthlySavings !== undefined &&
    recommendation.estimatedMonthlySavings < query.minMonthlySavings
  ) {
    return false;
  }
  if (query.search !== undefined && query.search !== '') {
    const needle = query.search.toLowerCase();
    const haystacks = [recommendation.title, recommendation.resourceId, recommendation.kind];
    if (!haystacks.some((text) => text.toLowerCase().includes(needle))) return false;
  }
  return true;
}

function sortValue(recommendation: Recommendation, sort: NonNullable<RecommendationQuery['sort']>): number {
  switch (sort) {
    case 'estimatedMonthlySavings':
      return recommendation.estimatedMonthlySavings;
    case 'confidence':
      return recommendation.confidence;
    case 'updatedAt':
      return Date.parse(recommendation.updatedAt);
    case 'createdAt':
      return Date.parse(recommendation.createdAt);
  }
}

/**
 * Filters, sorts and pages recommendations. Equal sort values are ordered by
 * id ascending whatever the order, so pages never overlap or skip rows.
 */
export function runRecommendationQuery(
  rows: readonly Recommendation[],
  query: RecommendationQuery,
): Recommendation[] {
  const sort = query.sort ?? 'estimatedMonthlySavings';
  const direction = (query.order ?? 'desc') === 'desc' ? -1 : 1;
  const sorted = rows
    .filter((row) => matchesRecommendationQuery(row, query))
    .sort((left, right) => {
      const difference = sortValue(left, sort) - sortValue(right, sort);
      if (difference !== 0) return direction * difference;
      return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
    });
  return page(sorted, query, DEFAULT_RECOMMENDATION_LIMIT);
}
