import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Backend } from './database.js';
import { PostgresStoreError, sqlStateOf } from './errors.js';

/** Where the generated migrations live (`drizzle/` next to `src/` and `dist/`). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** drizzle's journal of applied migrations: `drizzle.__finops_migrations`. */
export const MIGRATIONS_TABLE = {
  migrationsSchema: 'drizzle',
  migrationsTable: '__finops_migrations',
} as const;

/**
 * Key of the session-level advisory lock held while migrating, so processes that
 * start together apply each migration once: the second waits, then finds nothing to do.
 */
export const MIGRATION_LOCK_KEY = 7_245_910_382;

/**
 * Applies every pending migration of `drizzle/` inside `pg_advisory_lock`, on one
 * dedicated connection. Idempotent: applied migrations are skipped.
 */
export async function runMigrations(backend: Backend, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const connection = await backend.connect();
  let broken = false;
  try {
    await connection.db.execute(sql.raw(`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`));
    try {
      await backend.migrate(connection.db, { migrationsFolder, ...MIGRATIONS_TABLE });
    } finally {
      await connection.db.execute(sql.raw(`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`)).catch(() => {
        broken = true;
      });
    }
  } catch (error) {
    broken = true;
    const sqlState = sqlStateOf(error);
    throw new PostgresStoreError({
      code: 'MIGRATION_FAILED',
      sqlState,
      message: `Applying the schema migrations failed${sqlState ? ` (SQLSTATE ${sqlState})` : ''}; the database is unchanged by the failed migration. The cause holds the details.`,
      cause: error,
    });
  } finally {
    connection.release(broken);
  }
}
