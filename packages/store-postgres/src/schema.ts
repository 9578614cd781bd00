/**
 * The Drizzle schema of the store: every table lives in the `finops` PostgreSQL
 * schema, carries `tenant_id`, and keys rows by `(tenant_id, id)`. Each core
 * record is kept whole as JSONB (`record`) next to the typed columns that
 * filter, sort and constrain it. `drizzle-kit generate` turns this file into the
 * SQL migrations in `drizzle/`.
 *
 * @module
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  doublePrecision,
  foreignKey,
  index,
  jsonb,
  type PgColumn,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** The PostgreSQL schema that holds every table of the store. */
export const finopsSchema = pgSchema('finops');

/**
 * Text compared byte by byte (`COLLATE "C"`): ids, keys and metric names sort
 * the same way as JavaScript strings on every server, whatever its locale.
 */
const id = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/**
 * JSON kept as the text the store wrote: bulk writes stringify it (every column of this
 * type is listed in `JSON_TEXT_COLUMNS`), and the repository parses it on every read.
 * The server neither checks nor takes it apart on a write, which on a bulk write is about
 * a tenth of its work.
 */
const jsonText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** Tenants: the registry every other table points at. Not tenant-scoped itself. */
export const tenants = finopsSchema.table('tenants', {
  id: id('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: instant('created_at').notNull(),
  record: jsonb('record').notNull(),
});

const tenantId = () =>
  id('tenant_id')
    .notNull()
    .references(() => tenants.id);

export const resources = finopsSchema.table(
  'resources',
  {
    tenantId: tenantId(),
    id: id('id').notNull(),
    service: text('service').notNull(),
    kind: text('kind').notNull(),
    record: jsonb('record').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'resources_pkey', columns: [table.tenantId, table.id] }),
    index('resources_tenant_service_kind_idx').on(table.tenantId, table.service, table.kind),
  ],
);

export const metricSummaries = finopsSchema.table(
  'metric_summaries',
  {
    tenantId: tenantId(),
    resourceId: id('resource_id').notNull(),
    metric: id('metric').notNull(),
    record: jsonb('record').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: 'metric_summaries_pkey', columns: [table.tenantId, table.resourceId, table.metric] }),
  ],
);

/**
 * Recommendations are written in bulk (`saveMany`), so the row is kept lean: the text
 * fields that have a column of their own (id, key, status, kind, execution mode, service,
 * resource id, title) are not repeated in `record`, and `record` is JSON text (see
 * `jsonText`) rather than `jsonb`, which the server would have to take apart on every
 * write. Reads put the record back together from the columns and `record`.
 *
 * `tenant_id` points at `tenants` as in every table, but through triggers rather than a
 * foreign key (migration 0003): a foreign key checks each inserted row with a query of its
 * own, about a quarter of the server's work on a bulk insert; the trigger checks and locks the
 * statement's tenants once (`FOR KEY SHARE`, as the foreign key does), and `tenants`
 * refuses to drop or rename a tenant that still has recommendations. Both raise the
 * foreign key's SQLSTATE (23503) and constraint name.
 */
export const recommendations = finopsSchema.table(
  'recommendations',
  {
    tenantId: id('tenant_id').notNull(),
    id: id('id').notNull(),
    key: id('key').notNull(),
    status: text('status').notNull(),
    kind: text('kind').notNull(),
    executionMode: text('execution_mode'),
    service: text('service').notNull(),
    resourceId: id('resource_id').notNull(),
    estimatedMonthlySavings: doublePrecision('estimated_monthly_savings').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    /** For `search`; not repeated in `record`. */
    title: text('title').notNull(),
    /** The rest of the record (without the text fields above), as JSON text. */
    record: jsonText('record').notNull(),
  },
  (table) => [
    primaryKey({ name: 'recommendations_pkey', columns: [table.tenantId, table.id] }),
    uniqueIndex('recommendations_tenant_key_unique').on(table.tenantId, table.key),
    // The dashboard's main query: one tenant's recommendations of a status, by savings.
    // Lists by savings over several statuses (or all) read it once per status and merge
    // (see recommendations.ts), so no second index ordered by savings alone is kept.
    index('recommendations_tenant_status_savings_idx').on(
      table.tenantId,
      table.status,
      table.estimatedMonthlySavings.desc(),
      table.id,
    ),
    index('recommendations_tenant_resource_idx').on(table.tenantId, table.resourceId),
    check('recommendations_confidence_check', sql`${table.confidence} >= 0 and ${table.confidence} <= 1`),
    check(
      'recommendations_execution_mode_check',
      sql`${table.executionMode} is null or ${table.executionMode} in ('autonomous', 'hitl')`,
    ),
    check('recommendations_status_check', sql`${table.status} <> ''`),
  ],
);

/** The columns of type `jsonText`: `upsertRows` writes their values as JSON text. */
export const JSON_TEXT_COLUMNS: ReadonlySet<PgColumn> = new Set([recommendations.record]);

export const approvals = finopsSchema.table(
  'approvals',
  {
    tenantId: tenantId(),
    id: id('id').notNull(),
    recommendationId: id('recommendation_id').notNull(),
    status: text('status').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    record: jsonb('record').notNull(),
  },
  (table) => [
    primaryKey({ name: 'approvals_pkey', columns: [table.tenantId, table.id] }),
    index('approvals_tenant_recommendation_idx').on(
      table.tenantId,
      table.recommendationId,
      table.createdAt.desc(),
    ),
    index('approvals_tenant_created_idx').on(table.tenantId, table.createdAt.desc(), table.id),
    check('approvals_status_check', sql`${table.status} in ('pending', 'approved', 'rejected', 'cancelled')`),
  ],
);

export const executions = finopsSchema.table(
  'executions',
  {
    tenantId: tenantId(),
    id: id('id').notNull(),
    recommendationId: id('recommendation_id').notNull(),
    idempotencyKey: id('idempotency_key').notNull(),
    status: text('status').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    record: jsonb('record').notNull(),
  },
  (table) => [
    primaryKey({ name: 'executions_pkey', columns: [table.tenantId, table.id] }),
    uniqueIndex('executions_tenant_idempotency_key_unique').on(table.tenantId, table.idempotencyKey),
    index('executions_tenant_recommendation_idx').on(
      table.tenantId,
      table.recommendationId,
      table.startedAt.desc(),
    ),
    index('executions_tenant_started_idx').on(table.tenantId, table.startedAt.desc(), table.id),
  ],
);

/** Append-only: a trigger refuses UPDATE and DELETE (see the `audit-append-only` migration). */
export const auditEvents = finopsSchema.table(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    tenantId: tenantId(),
    id: id('id').notNull(),
    at: instant('at').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: id('subject_id').notNull(),
    actorId: text('actor_id').notNull(),
    record: jsonb('record').notNull(),
  },
  (table) => [
    primaryKey({ name: 'audit_events_pkey', columns: [table.tenantId, table.id] }),
    uniqueIndex('audit_events_seq_unique').on(table.seq),
    index('audit_events_tenant_at_idx').on(table.tenantId, table.at.desc(), table.seq.desc()),
    index('audit_events_tenant_subject_idx').on(table.tenantId, table.subjectId, table.at.desc()),
    index('audit_events_tenant_action_idx').on(table.tenantId, table.action, table.at.desc()),
  ],
);

export const config = finopsSchema.table(
  'config',
  {
    tenantId: tenantId(),
    key: id('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ name: 'config_pkey', columns: [table.tenantId, table.key] })],
);

/** People who sign in to the server. Email is unique within a tenant. */
export const users = finopsSchema.table(
  'users',
  {
    tenantId: tenantId(),
    id: id('id').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ name: 'users_pkey', columns: [table.tenantId, table.id] }),
    uniqueIndex('users_tenant_email_unique').on(table.tenantId, table.email),
    check('users_role_check', sql`${table.role} in ('admin', 'approver', 'viewer')`),
    check('users_email_check', sql`${table.email} = lower(${table.email}) and ${table.email} like '%@%'`),
  ],
);

/**
 * Refresh tokens, stored by hash. Tokens of one login form a family; each use
 * rotates the token (the old one gets `rotated_at`, the new one `parent_id`).
 */
export const refreshTokens = finopsSchema.table(
  'refresh_tokens',
  {
    tenantId: tenantId(),
    id: id('id').notNull(),
    userId: id('user_id').notNull(),
    familyId: id('family_id').notNull(),
    parentId: id('parent_id'),
    tokenHash: text('token_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    rotatedAt: instant('rotated_at'),
    revokedAt: instant('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (table) => [
    primaryKey({ name: 'refresh_tokens_pkey', columns: [table.tenantId, table.id] }),
    uniqueIndex('refresh_tokens_tenant_hash_unique').on(table.tenantId, table.tokenHash),
    index('refresh_tokens_tenant_family_idx').on(table.tenantId, table.familyId),
    index('refresh_tokens_tenant_user_idx').on(table.tenantId, table.userId),
    foreignKey({
      name: 'refresh_tokens_user_fk',
      columns: [table.tenantId, table.userId],
      foreignColumns: [users.tenantId, users.id],
    }).onDelete('cascade'),
    check('refresh_tokens_expiry_check', sql`${table.expiresAt} > ${table.createdAt}`),
  ],
);

/** What the AI engine was asked and answered, for the dashboard's AI history. */
export const aiHistory = finopsSchema.table(
  'ai_history',
  {
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    tenantId: tenantId(),
    id: id('id').notNull(),
    kind: text('kind').notNull(),
    model: text('model').notNull(),
    recommendationId: id('recommendation_id'),
    createdAt: instant('created_at').notNull(),
    record: jsonb('record').notNull(),
  },
  (table) => [
    primaryKey({ name: 'ai_history_pkey', columns: [table.tenantId, table.id] }),
    index('ai_history_tenant_created_idx').on(table.tenantId, table.createdAt.desc(), table.seq.desc()),
    index('ai_history_tenant_recommendation_idx').on(table.tenantId, table.recommendationId),
  ],
);

/** Every tenant-scoped table, in an order that respects foreign keys (children last). */
export const TENANT_TABLES = [
  resources,
  metricSummaries,
  recommendations,
  approvals,
  executions,
  auditEvents,
  config,
  users,
  refreshTokens,
  aiHistory,
] as const;
