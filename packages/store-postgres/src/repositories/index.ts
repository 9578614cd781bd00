import type { TenantStoreV1 } from '@finops-autopilot/core';
import type { TenantScope } from '../scope.js';
import { type AiHistoryRepository, createAiHistoryRepository } from './ai-history.js';
import { createApprovalRepository, createExecutionRepository } from './approvals-executions.js';
import { createAuditRepository, createConfigRepository } from './audit-config.js';
import { createRecommendationRepository, type PostgresRecommendationRepository } from './recommendations.js';
import { createRefreshTokenRepository, type RefreshTokenRepository } from './refresh-tokens.js';
import { createMetricSummaryRepository, createResourceRepository } from './resources.js';
import { createUserRepository, type UserRepository } from './users.js';

/**
 * Every repository of one tenant: the core contract's, a bulk `saveMany` for
 * recommendations, and the server's users, refresh tokens and AI history.
 */
export interface PostgresTenantStore extends TenantStoreV1 {
  readonly recommendations: PostgresRecommendationRepository;
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly aiHistory: AiHistoryRepository;
}

export function createTenantRepositories(scope: TenantScope): PostgresTenantStore {
  return {
    tenantId: scope.tenantId,
    resources: createResourceRepository(scope),
    metricSummaries: createMetricSummaryRepository(scope),
    recommendations: createRecommendationRepository(scope),
    approvals: createApprovalRepository(scope),
    executions: createExecutionRepository(scope),
    audit: createAuditRepository(scope),
    config: createConfigRepository(scope),
    users: createUserRepository(scope),
    refreshTokens: createRefreshTokenRepository(scope),
    aiHistory: createAiHistoryRepository(scope),
  };
}
