import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureRecommendation, fixtureTenant } from '@finops-autopilot/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, MIGRATIONS_TABLE } from './migrate.js';
import { createPostgresStore } from './postgres-store.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './testing-support/databases.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./testing-support/child.ts', import.meta.url));

/** Starts the child script with tsx, resolving workspace packages to their sources. */
function startChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=dev-source', childScript, ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves when the child prints `line`; rejects if it exits first. */
function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before "${line}": ${errors}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}

/** Runs the crash child against a store, SIGKILLs it mid-transaction, and waits for it to die. */
async function crashMidTransaction(
  kind: 'pglite' | 'postgres',
  target: string,
  tenantId: string,
): Promise<void> {
  const child = startChild(['crash', kind, target, tenantId]);
  try {
    await waitForLine(child, 'MID-WRITE');
  } finally {
    child.kill('SIGKILL');
    await exited(child);
  }
  expect(child.signalCode).toBe('SIGKILL');
}

describe('pglite data directory', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'finops-pglite-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps committed data across a restart, and nothing of a transaction killed mid-write', async () => {
    const first = createPostgresStore({ dataDir });
    expect(first.storeId).toBe('pglite');
    await first.tenants.create(fixtureTenant({ id: 'acme' }));
    const saved = fixtureRecommendation({ id: 'rec-kept' });
    await first.forTenant('acme').recommendations.save(saved);
    await first.close();

    await crashMidTransaction('pglite', dataDir, 'acme');

    const reopened = createPostgresStore({ dataDir });
    const acme = reopened.forTenant('acme');
    expect(await acme.recommendations.get('rec-kept')).toEqual(saved);
    expect(await acme.recommendations.count()).toBe(1);
    expect(await acme.config.get('crash')).toBeUndefined();
    // Still writable after recovery.
    await acme.recommendations.save(fixtureRecommendation({ id: 'rec-after' }));
    expect(await acme.recommendations.count()).toBe(2);
    await reopened.close();
  });
});

describe.skipIf(!TEST_DATABASE_URL)('postgres server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('finops_durable');
  });
  afterAll(() => database?.drop());

  it('two processes migrating one fresh database at once apply each migration once', async () => {
    const children = [startChild(['migrate', database.url]), startChild(['migrate', database.url])];
    await Promise.all(children.map((child) => waitForLine(child, 'MIGRATED')));
    await Promise.all(children.map(exited));
    expect(children.map((child) => child.exitCode)).toEqual([0, 0]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query(
        `select count(*)::int as n from "${MIGRATIONS_TABLE.migrationsSchema}"."${MIGRATIONS_TABLE.migrationsTable}"`,
      );
      const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'));
      expect(applied.rows[0].n).toBe(journal.entries.length);
      const tables = await client.query(
        "select count(*)::int as n from pg_tables where schemaname = 'finops'",
      );
      expect(tables.rows[0].n).toBe(11);
    } finally {
      await client.end();
    }
    // A third start finds nothing to do.
    const again = createPostgresStore({ connectionString: database.url });
    await again.connect();
    await again.close();
  });

  it('keeps committed data across a reconnect, and nothing of a process killed mid-transaction', async () => {
    const first = createPostgresStore({ connectionString: database.url });
    expect(first.storeId).toBe('postgres');
    await first.tenants.create(fixtureTenant({ id: 'acme' }));
    const saved = fixtureRecommendation({ id: 'rec-kept' });
    await first.forTenant('acme').recommendations.save(saved);
    await first.close();

    await crashMidTransaction('postgres', database.url, 'acme');

    const reconnected = createPostgresStore({ connectionString: database.url });
    const acme = reconnected.forTenant('acme');
    // The server notices the dead connection and rolls its transaction back.
    await expect.poll(() => acme.recommendations.count(), { timeout: 5000 }).toBe(1);
    expect(await acme.recommendations.get('rec-kept')).toEqual(saved);
    expect(await acme.config.get('crash')).toBeUndefined();
    await acme.recommendations.save(fixtureRecommendation({ id: 'rec-after' }));
    expect(await acme.recommendations.count()).toBe(2);
    await reconnected.close();
  });
});
