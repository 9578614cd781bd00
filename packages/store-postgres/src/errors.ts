import { ConflictError, FinopsError, InvalidInputError, NotFoundError } from '@finops-autopilot/core';

/** Identifies the adapter in errors and logs. */
export const STORE_NAME = 'postgres-store';

const PREFIX = `[finops-autopilot] [${STORE_NAME}]`;

/** Codes of the errors only this adapter throws (the rest are core's). */
export const POSTGRES_STORE_ERROR_CODES = {
  STORE_CLOSED: 'The store is closed.',
  STORE_UNAVAILABLE: 'The database could not be reached.',
  TRANSACTION_ENDED: 'The transaction has ended.',
  APPEND_ONLY: 'Audit events can only be appended.',
  MIGRATION_FAILED: 'The schema migrations could not be applied.',
  STORE_FAILED: 'The database refused the statement.',
  TRANSACTION_CONFLICT: 'A concurrent transaction touched the same rows.',
  CORRUPT_RECORD: 'A stored record could not be read.',
} as const;

export type PostgresStoreErrorCode = keyof typeof POSTGRES_STORE_ERROR_CODES;

/** An error of this adapter that none of core's error classes describes. */
export class PostgresStoreError extends FinopsError {
  /** SQLSTATE of the database error behind it, when there is one. */
  readonly sqlState: string | undefined;

  constructor(options: {
    code: PostgresStoreErrorCode;
    message: string;
    sqlState?: string;
    cause?: unknown;
  }) {
    super({ code: options.code, message: `${PREFIX} ${options.message}`, cause: options.cause });
    this.name = 'PostgresStoreError';
    this.sqlState = options.sqlState;
  }
}

export function storeClosedError(): PostgresStoreError {
  return new PostgresStoreError({
    code: 'STORE_CLOSED',
    message: 'The store is closed; create a new store to keep working.',
  });
}

export function transactionEndedError(tenantId: string): PostgresStoreError {
  return new PostgresStoreError({
    code: 'TRANSACTION_ENDED',
    message: `The transaction of tenant ${tenantId} has ended; its repositories can no longer be used.`,
  });
}

export function unknownTenantError(tenantId: string): NotFoundError {
  return new NotFoundError({
    entity: 'tenant',
    id: tenantId,
    message: `No such tenant: ${tenantId}. Create it with store.tenants.create() before writing its data.`,
  });
}

/** `what` ("A write", "A transaction") would wait for the transaction it is called from. */
export function selfDeadlockError(tenantId: string, what: string, reason: string): ConflictError {
  return new ConflictError({
    entity: 'transaction',
    message: `${what} of tenant ${tenantId} inside a transaction of this store ${reason}; use the store passed to the transaction's work instead`,
  });
}

/** What a named constraint protects, for errors that say what collided. */
interface ConstraintInfo {
  entity: string;
  field: string;
}

const CONSTRAINTS: Record<string, ConstraintInfo> = {
  tenants_pkey: { entity: 'tenant', field: 'id' },
  resources_pkey: { entity: 'resource', field: 'id' },
  metric_summaries_pkey: { entity: 'metric summary', field: 'resourceId and metric' },
  recommendations_pkey: { entity: 'recommendation', field: 'id' },
  recommendations_tenant_key_unique: { entity: 'recommendation', field: 'key' },
  recommendations_confidence_check: { entity: 'recommendation', field: 'confidence' },
  recommendations_execution_mode_check: { entity: 'recommendation', field: 'executionMode' },
  recommendations_status_check: { entity: 'recommendation', field: 'status' },
  approvals_pkey: { entity: 'approval', field: 'id' },
  approvals_status_check: { entity: 'approval', field: 'status' },
  executions_pkey: { entity: 'execution', field: 'id' },
  executions_tenant_idempotency_key_unique: { entity: 'execution', field: 'idempotencyKey' },
  audit_events_pkey: { entity: 'audit event', field: 'id' },
  config_pkey: { entity: 'config entry', field: 'key' },
  users_pkey: { entity: 'user', field: 'id' },
  users_tenant_email_unique: { entity: 'user', field: 'email' },
  users_role_check: { entity: 'user', field: 'role' },
  users_email_check: { entity: 'user', field: 'email' },
  refresh_tokens_pkey: { entity: 'refresh token', field: 'id' },
  refresh_tokens_tenant_hash_unique: { entity: 'refresh token', field: 'tokenHash' },
  refresh_tokens_user_fk: { entity: 'user', field: 'userId' },
  refresh_tokens_expiry_check: { entity: 'refresh token', field: 'expiresAt' },
  ai_history_pkey: { entity: 'AI history entry', field: 'id' },
};

/** The fields of a driver error this adapter looks at (pg and PGlite both set them). */
export interface DatabaseErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** The first error in the `cause` chain that carries a SQLSTATE (drizzle wraps driver errors). */
export function findDatabaseError(error: unknown): DatabaseErrorFields | undefined {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (typeof current !== 'object') return undefined;
    const fields = current as DatabaseErrorFields & { cause?: unknown; sqlState?: unknown };
    if (typeof fields.sqlState === 'string') return { code: fields.sqlState };
    if (FinopsError.isInstance(current)) {
      current = fields.cause;
      continue;
    }
    if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) return fields;
    current = fields.cause;
  }
  return undefined;
}

/** SQLSTATE of the database error behind `error`, if any. */
export function sqlStateOf(error: unknown): string | undefined {
  return findDatabaseError(error)?.code;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE']);

function isConnectionFailure(error: unknown, sqlState: string | undefined): boolean {
  if (sqlState?.startsWith('08') || sqlState === '57P01' || sqlState === '57P03') return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return error instanceof Error && /Connection terminated|connection is closed/i.test(error.message);
}

/**
 * Turns a driver or drizzle error into a typed error: unique violations become
 * `ConflictError` naming the entity, foreign keys `NotFoundError`, checks and bad
 * values `InvalidInputError`. Raw driver messages never reach the caller (they stay
 * in `cause`). Errors that are already typed pass through unchanged.
 */
export function mapDatabaseError(error: unknown, tenantId?: string): Error {
  if (FinopsError.isInstance(error)) return error;
  const database = findDatabaseError(error);
  const sqlState = database?.code;
  const constraint = database?.constraint;
  const info = constraint ? CONSTRAINTS[constraint] : undefined;
  switch (sqlState) {
    case '23505': {
      const entity = info?.entity ?? 'record';
      const field = info?.field ?? 'key';
      return new ConflictError({
        entity,
        message: `${PREFIX} Another ${entity} of the tenant already has this ${field}; ${field} must be unique per tenant (update the existing ${entity} instead)`,
        cause: error,
      });
    }
    case '23503': {
      if (constraint?.endsWith('_tenant_id_tenants_id_fk') && tenantId !== undefined) {
        return unknownTenantError(tenantId);
      }
      const entity = info?.entity ?? 'referenced record';
      return new NotFoundError({
        entity,
        id: info?.field ?? constraint ?? 'unknown',
        message: `${PREFIX} The ${entity} this record points at (${info?.field ?? constraint}) does not exist in the tenant`,
      });
    }
    case '23514':
    case '23502': {
      const path = info?.field ?? database?.column ?? '';
      return new InvalidInputError({
        subject: info?.entity ?? database?.table ?? 'record',
        issues: [
          {
            path,
            message:
              sqlState === '23502' ? 'must not be null' : `violates the database constraint ${constraint}`,
          },
        ],
        cause: error,
      });
    }
    case '22P02':
    case '22P05':
    case '22007':
    case '22008':
    case '22003':
    case '22021':
    case '22023':
    case '2202E':
    case '22000':
      return new InvalidInputError({
        subject: 'value',
        issues: [
          {
            path: database?.column ?? '',
            message: `cannot be stored (SQLSTATE ${sqlState}): use plain text without NUL characters and numbers in range`,
          },
        ],
        cause: error,
      });
    case '40001':
    case '40P01':
      return new PostgresStoreError({
        code: 'TRANSACTION_CONFLICT',
        sqlState,
        message: `A concurrent transaction touched the same rows (SQLSTATE ${sqlState}); the store retries the whole transaction.`,
        cause: error,
      });
    case 'FA001':
      return new PostgresStoreError({
        code: 'APPEND_ONLY',
        sqlState,
        message: 'Audit events are append-only: the database refused to change or delete one.',
        cause: error,
      });
    case '42501':
      return new PostgresStoreError({
        code: 'STORE_FAILED',
        sqlState,
        message:
          'The database refused the statement for lack of privilege or by a row-level security policy (SQLSTATE 42501); check the role the store connects as.',
        cause: error,
      });
  }
  if (!database && !isConnectionFailure(error, sqlState) && !isDrizzleQueryError(error))
    return toError(error);
  if (isConnectionFailure(error, sqlState)) {
    return new PostgresStoreError({
      code: 'STORE_UNAVAILABLE',
      sqlState,
      message: `The database could not be reached${sqlState ? ` (SQLSTATE ${sqlState})` : ''}; check DATABASE_URL and that PostgreSQL is running.`,
      cause: error,
    });
  }
  return new PostgresStoreError({
    code: 'STORE_FAILED',
    sqlState,
    message: `The database refused the statement${sqlState ? ` (SQLSTATE ${sqlState})` : ''}; the error's cause holds the driver's details.`,
    cause: error,
  });
}

function isDrizzleQueryError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'query' in error && 'params' in error;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
