/**
 * @module @finops-autopilot/store-postgres
 *
 * The durable store of FinOps Autopilot: one Drizzle schema and one set of
 * migrations on an embedded PGlite (the default) and on a PostgreSQL server.
 */
export { CHANGE_CHANNEL, decodeChanges, encodeChanges } from './change-feed.js';
export type { BackendKind, Db, StoreClient } from './database.js';
export {
  type DatabaseErrorFields,
  findDatabaseError,
  mapDatabaseError,
  POSTGRES_STORE_ERROR_CODES,
  PostgresStoreError,
  type PostgresStoreErrorCode,
  STORE_NAME,
  sqlStateOf,
} from './errors.js';
export { MIGRATION_LOCK_KEY, MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from './migrate.js';
export {
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from './postgres-store.js';
export type { AiHistoryRepository } from './repositories/ai-history.js';
export type { PostgresTenantStore } from './repositories/index.js';
export {
  DEFAULT_RECOMMENDATION_LIMIT,
  type PostgresRecommendationRepository,
} from './repositories/recommendations.js';
export type { RefreshTokenRepository, RotateResult } from './repositories/refresh-tokens.js';
export type { UserRepository } from './repositories/users.js';
export { backoffDelay, RETRYABLE_SQL_STATES, type RetryInfo, type RetryOptions, withRetry } from './retry.js';
export * as schema from './schema.js';
export type {
  AiHistoryEntry,
  NewRefreshToken,
  RevokeOptions,
  StoredRefreshToken,
  StoredUser,
  StoredUserInput,
  UserPatch,
} from './validation.js';
