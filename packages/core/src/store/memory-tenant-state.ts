import type { MetricSummary, StoreChange } from '../contracts/v1/store-v1.js';
import type { Approval } from '../schemas/approval.js';
import type { AuditEvent } from '../schemas/audit-event.js';
import type { Execution } from '../schemas/execution.js';
import type { Recommendation } from '../schemas/recommendation.js';
import type { Resource } from '../schemas/resource.js';
import { MemoryTable } from './memory-table.js';

/** One configuration entry of a tenant. */
export interface ConfigEntry {
  key: string;
  value: unknown;
}

/** Everything one tenant owns. Tables are replaced, never shared, between committed states. */
export interface TenantState {
  resources: MemoryTable<Resource>;
  metricSummaries: MemoryTable<MetricSummary>;
  recommendations: MemoryTable<Recommendation>;
  approvals: MemoryTable<Approval>;
  executions: MemoryTable<Execution>;
  audit: MemoryTable<AuditEvent>;
  config: MemoryTable<ConfigEntry>;
}

const byId = <T extends { id: string }>(row: T): string => row.id;

export function createTenantState(): TenantState {
  return {
    resources: MemoryTable.create({ entity: 'resource', idOf: byId }),
    metricSummaries: MemoryTable.create({
      entity: 'metric summary',
      idOf: (summary: MetricSummary) => `${summary.resourceId}\u0000${summary.metric}`,
    }),
    recommendations: MemoryTable.create({
      entity: 'recommendation',
      idOf: byId,
      unique: { field: 'key', valueOf: (recommendation: Recommendation) => recommendation.key },
    }),
    approvals: MemoryTable.create({ entity: 'approval', idOf: byId }),
    executions: MemoryTable.create({
      entity: 'execution',
      idOf: byId,
      unique: { field: 'idempotencyKey', valueOf: (execution: Execution) => execution.idempotencyKey },
    }),
    audit: MemoryTable.create({ entity: 'audit event', idOf: byId }),
    config: MemoryTable.create({ entity: 'config entry', idOf: (entry: ConfigEntry) => entry.key }),
  };
}

/**
 * Pending writes over a committed state. A table is copied the first time it is
 * written; untouched tables stay shared with the committed state.
 */
export class TenantDraft {
  private readonly copies: Partial<TenantState> = {};
  /** Changes in the order they were made, published on commit. */
  readonly changes: StoreChange[] = [];

  constructor(
    readonly tenantId: string,
    private readonly base: TenantState,
  ) {}

  /** The state as it would be committed now. */
  view(): TenantState {
    return { ...this.base, ...this.copies };
  }

  /** A table that may be written; copied from the committed state on first use. */
  writable<K extends keyof TenantState>(name: K): TenantState[K] {
    const existing = this.copies[name];
    if (existing !== undefined) return existing as TenantState[K];
    const table = this.base[name].clone() as TenantState[K];
    this.copies[name] = table;
    return table;
  }

  record(entity: StoreChange['entity'], op: StoreChange['op'], id: string): void {
    this.changes.push({ tenantId: this.tenantId, entity, op, id });
  }
}
