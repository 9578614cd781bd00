import type { TenantStoreV1 } from '../contracts/v1/store-v1.js';
import { createApprovalRepository, createExecutionRepository } from './memory-approval-repositories.js';
import { createAuditRepository, createConfigRepository } from './memory-audit-config-repositories.js';
import { createRecommendationRepository } from './memory-recommendation-repository.js';
import { createMetricSummaryRepository, createResourceRepository } from './memory-resource-repositories.js';
import type { TenantScope } from './memory-scope.js';

/**
 * The repositories of one tenant over a {@link TenantScope}. Every write is
 * validated with the core schema and copied before it is stored; every read
 * returns a copy.
 */
export function createTenantRepositories(scope: TenantScope): TenantStoreV1 {
  return {
    tenantId: scope.tenantId,
    resources: createResourceRepository(scope),
    metricSummaries: createMetricSummaryRepository(scope),
    recommendations: createRecommendationRepository(scope),
    approvals: createApprovalRepository(scope),
    executions: createExecutionRepository(scope),
    audit: createAuditRepository(scope),
    config: createConfigRepository(scope),
  };
}
