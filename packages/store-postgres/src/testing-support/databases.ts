import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Helpers for this package's tests; not part of the public API.

/** The server the server-backed tests use; unset means they are skipped. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

/**
 * Empties every table between tests. DELETE with triggers off (replica role, a
 * superuser's switch) is far faster than TRUNCATE on small tables; the audit
 * trigger would otherwise refuse the DELETE.
 */
export const RESET_SQL = [
  'begin',
  'set local session_replication_role = replica',
  ...[
    'ai_history',
    'refresh_tokens',
    'users',
    'config',
    'audit_events',
    'executions',
    'approvals',
    'recommendations',
    'metric_summaries',
    'resources',
    'tenants',
  ].map((table) => `delete from finops.${table}`),
  'commit',
].join(';\n');

/** A unique name for a database, role or schema of one test file. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** `url` with another database, user or password. */
export function withUrl(
  url: string,
  changes: { database?: string; user?: string; password?: string },
): string {
  const parsed = new URL(url);
  if (changes.database !== undefined) parsed.pathname = `/${changes.database}`;
  if (changes.user !== undefined) parsed.username = changes.user;
  if (changes.password !== undefined) parsed.password = changes.password;
  return parsed.toString();
}

/** Runs statements as the administrator of the test server. */
export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database of its own for one test file; `drop` removes it (and its connections). */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'finops_test'): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = uniqueName(prefix);
  await admin((client) => client.query(`create database "${name}"`));
  return {
    name,
    url: withUrl(TEST_DATABASE_URL, { database: name }),
    drop: () =>
      admin(async (client) => {
        // `pool.end()` resolves before its connections have closed; a forced drop would
        // terminate those still closing, and `pg` would report that as an error of the
        // pool. So wait a little for them to go, then force out whatever is left.
        for (let attempt = 0; attempt < 50; attempt++) {
          const { rows } = await client.query<{ connections: number }>(
            'select count(*)::int as connections from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0]?.connections === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`drop database if exists "${name}" with (force)`);
      }),
  };
}
