export type {
  EngineDiagnostic,
  EngineInput,
  EngineResult,
  RecommendationEngineV1,
} from './engine-v1.js';
export { EXCLUDE_TAG } from './engine-v1.js';
export type {
  ExecuteOptions,
  ExecutorCapabilities,
  ExecutorV1,
  PlanOptions,
  RollbackOptions,
} from './executor-v1.js';
export type { NotifierV1 } from './notifier-v1.js';
export type { PriceCatalogV1, PriceLookup } from './price-catalog-v1.js';
export type {
  GetCostsOptions,
  GetMetricsOptions,
  ListResourcesOptions,
  ResourceProviderV1,
  ResourceScope,
} from './provider-v1.js';
export type {
  ApprovalRepositoryV1,
  AuditRepositoryV1,
  ConfigRepositoryV1,
  ExecutionRepositoryV1,
  MetricSummary,
  MetricSummaryRepositoryV1,
  RecommendationQuery,
  RecommendationRepositoryV1,
  ResourceRepositoryV1,
  StoreChange,
  StoreV1,
  TenantRepositoryV1,
  TenantStoreV1,
} from './store-v1.js';
