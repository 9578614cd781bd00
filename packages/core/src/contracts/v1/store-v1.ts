import type { Approval } from '../../schemas/approval.js';
import type { AuditEvent } from '../../schemas/audit-event.js';
import type { Execution } from '../../schemas/execution.js';
import type { ExecutionMode, Recommendation, RecommendationStatus } from '../../schemas/recommendation.js';
import type { Resource } from '../../schemas/resource.js';
import type { Tenant } from '../../schemas/tenant.js';

/** Filters, sort and page for listing recommendations. Every filter given must hold. */
export interface RecommendationQuery {
  status?: readonly RecommendationStatus[];
  kind?: readonly string[];
  executionMode?: readonly ExecutionMode[];
  service?: readonly string[];
  resourceId?: string;
  minMonthlySavings?: number;
  /** Case-insensitive substring of title, resource id or kind. */
  search?: string;
  /** @default 'estimatedMonthlySavings' */
  sort?: 'estimatedMonthlySavings' | 'confidence' | 'updatedAt' | 'createdAt';
  /** @default 'desc' */
  order?: 'asc' | 'desc';
  /** @default 50 */
  limit?: number;
  /** @default 0 */
  offset?: number;
}

/** Summary of a resource's utilization, kept for listing without re-reading metrics. */
export interface MetricSummary {
  resourceId: string;
  metric: string;
  window: { start: string; end: string };
  points: number;
  mean: number;
  p95: number;
  max: number;
  updatedAt: string;
}

export interface ResourceRepositoryV1 {
  /** Inserts or replaces by id. */
  upsertMany(resources: readonly Resource[]): Promise<void>;
  get(id: string): Promise<Resource | undefined>;
  list(options?: { service?: string; kind?: string; limit?: number; offset?: number }): Promise<Resource[]>;
  /** How many resources there are, or how many match the filter (the same filter as `list`). */
  count(filter?: { service?: string; kind?: string }): Promise<number>;
  /** Removes resources that no longer exist; returns how many were removed. */
  remove(ids: readonly string[]): Promise<number>;
}

export interface MetricSummaryRepositoryV1 {
  putMany(summaries: readonly MetricSummary[]): Promise<void>;
  list(resourceId: string): Promise<MetricSummary[]>;
}

export interface RecommendationRepositoryV1 {
  /**
   * Inserts or replaces by `id`.
   * @throws {ConflictError} when another recommendation of the tenant has the same `key`.
   */
  save(recommendation: Recommendation): Promise<void>;
  get(id: string): Promise<Recommendation | undefined>;
  getByKey(key: string): Promise<Recommendation | undefined>;
  list(query?: RecommendationQuery): Promise<Recommendation[]>;
  /** Counts matches of the query's filters (ignores sort and page). */
  count(query?: RecommendationQuery): Promise<number>;
}

export interface ApprovalRepositoryV1 {
  save(approval: Approval): Promise<void>;
  get(id: string): Promise<Approval | undefined>;
  /** The most recent approval of a recommendation: latest `createdAt`, and between equal times the one inserted last. */
  getByRecommendation(recommendationId: string): Promise<Approval | undefined>;
  list(options?: { status?: Approval['status'][]; limit?: number; offset?: number }): Promise<Approval[]>;
}

export interface ExecutionRepositoryV1 {
  /**
   * Inserts or replaces by `id`.
   * @throws {ConflictError} when another execution of the tenant has the same `idempotencyKey`.
   */
  save(execution: Execution): Promise<void>;
  get(id: string): Promise<Execution | undefined>;
  getByIdempotencyKey(key: string): Promise<Execution | undefined>;
  listByRecommendation(recommendationId: string): Promise<Execution[]>;
  list(options?: { limit?: number; offset?: number }): Promise<Execution[]>;
}

/** Append-only: there is deliberately no update or delete. */
export interface AuditRepositoryV1 {
  append(event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(options?: {
    limit?: number;
    offset?: number;
    action?: string;
    subjectId?: string;
  }): Promise<AuditEvent[]>;
}

export interface ConfigRepositoryV1 {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  list(): Promise<Record<string, unknown>>;
}

/** Every repository of one tenant. Nothing in it can read or change another tenant's data. */
export interface TenantStoreV1 {
  readonly tenantId: string;
  readonly resources: ResourceRepositoryV1;
  readonly metricSummaries: MetricSummaryRepositoryV1;
  readonly recommendations: RecommendationRepositoryV1;
  readonly approvals: ApprovalRepositoryV1;
  readonly executions: ExecutionRepositoryV1;
  readonly audit: AuditRepositoryV1;
  readonly config: ConfigRepositoryV1;
}

/** One change, published after its transaction commits. */
export interface StoreChange {
  tenantId: string;
  entity: 'resource' | 'recommendation' | 'approval' | 'execution' | 'audit' | 'config' | 'tenant';
  op: 'insert' | 'update' | 'delete';
  id: string;
}

export interface TenantRepositoryV1 {
  /** @throws {ConflictError} when the id exists. */
  create(tenant: Tenant): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
}

/**
 * Durable state. Tenant data is reached only through {@link StoreV1.forTenant}
 * or {@link StoreV1.transaction}, so every read and write is scoped.
 */
export interface StoreV1 {
  readonly specificationVersion: 'v1';
  /** e.g. `memory`, `pglite`, `postgres`. */
  readonly storeId: string;
  readonly tenants: TenantRepositoryV1;
  /**
   * Repositories of one tenant; each call is its own transaction. Reads of an
   * unknown tenant find nothing.
   * @throws {NotFoundError} from every write when the tenant does not exist.
   */
  forTenant(tenantId: string): TenantStoreV1;
  /**
   * Runs `work` in one transaction: all of its writes land, or none do (it
   * throws). Changes are published only after commit. Writing through the
   * outer store inside `work` is refused (it would wait for itself).
   * @throws {NotFoundError} when the tenant does not exist.
   */
  transaction<T>(tenantId: string, work: (store: TenantStoreV1) => Promise<T>): Promise<T>;
  /** Listens to committed changes of every tenant; returns the unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}
