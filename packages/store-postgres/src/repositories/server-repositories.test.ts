import { fixtureRecommendation, fixtureTenant } from '@finops-autopilot/core/testing';
import { expect, it } from 'vitest';
import type { PostgresStore } from '../postgres-store.js';
import { describeEachBackend } from '../testing-support/backends.js';
import type { AiHistoryEntry, StoredUserInput } from '../validation.js';

const NOW = '2026-01-15T12:00:00.000Z';
const LATER = '2026-01-16T12:00:00.000Z';

const user = (overrides: Partial<StoredUserInput> = {}): StoredUserInput => ({
  id: 'u-1',
  email: 'Alice@Example.com',
  name: 'Alice',
  role: 'approver',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  createdAt: NOW,
  updatedAt: NOW,
  ...overrides,
});

const token = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  userId: 'u-1',
  familyId: 'fam-1',
  tokenHash: `hash-${id}`,
  createdAt: NOW,
  expiresAt: '2026-02-15T12:00:00.000Z',
  ...overrides,
});

const entry = (id: string, overrides: Partial<AiHistoryEntry> = {}): AiHistoryEntry => ({
  id,
  kind: 'explanation',
  model: 'gemini-2.5-flash',
  recommendationId: 'rec-1',
  prompt: 'Why resize i-1?',
  response: 'CPU p95 is 7 %.',
  usage: { inputTokens: 120, outputTokens: 40 },
  createdAt: NOW,
  ...overrides,
});

describeEachBackend('server repositories', (backend) => {
  let store: PostgresStore | undefined;
  const tenants = async (...ids: string[]) => {
    store = backend.store();
    for (const id of ids) await store.tenants.create(fixtureTenant({ id }));
    return ids.map((id) => (store as PostgresStore).forTenant(id));
  };

  it('users: create, read by id and case-insensitive email, list, update, count', async () => {
    const [acme] = await tenants('acme');
    const alice = await acme!.users.create(user());
    expect(alice).toMatchObject({ id: 'u-1', email: 'alice@example.com', disabled: false, createdAt: NOW });
    await acme!.users.create(user({ id: 'u-2', email: 'bob@example.com', role: 'viewer' }));
    expect(await acme!.users.get('u-1')).toEqual(alice);
    expect(await acme!.users.getByEmail('ALICE@example.COM')).toEqual(alice);
    expect((await acme!.users.list()).map((row) => row.id)).toEqual(['u-1', 'u-2']);
    expect((await acme!.users.list({ role: 'viewer' })).map((row) => row.id)).toEqual(['u-2']);
    const updated = await acme!.users.update('u-1', { role: 'admin', disabled: true, updatedAt: LATER });
    expect(updated).toMatchObject({ role: 'admin', disabled: true, updatedAt: LATER, name: 'Alice' });
    expect(await acme!.users.count()).toBe(2);
    await expect(acme!.users.update('u-9', { name: 'x', updatedAt: LATER })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('users: duplicate id or email is a ConflictError naming the user; bad input is refused', async () => {
    const [acme] = await tenants('acme');
    await acme!.users.create(user());
    await expect(acme!.users.create(user({ id: 'u-2', email: 'ALICE@example.com' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      entity: 'user',
    });
    await expect(acme!.users.create(user({ email: 'other@example.com' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      entity: 'user',
    });
    const invalid = acme!.users.create(user({ id: 'u-3', email: 'not-an-email', role: 'root' as never }));
    await expect(invalid).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(invalid).rejects.toThrow(/email.*role|role.*email/);
    expect(await acme!.users.count()).toBe(1);
  });

  it('refresh tokens: rotate, detect reuse (revoking the family), expire and revoke', async () => {
    const [acme] = await tenants('acme');
    await acme!.users.create(user());
    await acme!.refreshTokens.issue(token('t-1'));
    const rotated = await acme!.refreshTokens.rotate({
      tokenHash: 'hash-t-1',
      next: { id: 't-2', tokenHash: 'hash-t-2', createdAt: LATER, expiresAt: '2026-03-01T00:00:00.000Z' },
      at: LATER,
    });
    expect(rotated).toMatchObject({
      status: 'rotated',
      token: { id: 't-2', parentId: 't-1', familyId: 'fam-1' },
    });
    expect((await acme!.refreshTokens.getByHash('hash-t-1'))?.rotatedAt).toBe(LATER);
    // Presenting the old token again: reuse, so the whole family is revoked.
    const reused = await acme!.refreshTokens.rotate({
      tokenHash: 'hash-t-1',
      next: { id: 't-3', tokenHash: 'hash-t-3', createdAt: LATER, expiresAt: '2026-03-01T00:00:00.000Z' },
      at: LATER,
    });
    expect(reused).toEqual({ status: 'reused', familyId: 'fam-1', revoked: 2 });
    expect((await acme!.refreshTokens.getByHash('hash-t-2'))?.revokedReason).toBe('reuse-detected');
    expect(
      await acme!.refreshTokens.rotate({
        tokenHash: 'hash-t-2',
        next: { id: 't-4', tokenHash: 'hash-t-4', createdAt: LATER, expiresAt: '2026-03-01T00:00:00.000Z' },
        at: LATER,
      }),
    ).toEqual({ status: 'invalid', reason: 'revoked' });
    expect(
      await acme!.refreshTokens.rotate({
        tokenHash: 'nope',
        next: { id: 't-5', tokenHash: 'h5', createdAt: LATER, expiresAt: '2026-03-01T00:00:00.000Z' },
        at: LATER,
      }),
    ).toEqual({ status: 'invalid', reason: 'unknown' });
    await acme!.refreshTokens.issue(
      token('t-6', { familyId: 'fam-2', expiresAt: '2026-01-15T13:00:00.000Z' }),
    );
    expect(
      await acme!.refreshTokens.rotate({
        tokenHash: 'hash-t-6',
        next: { id: 't-7', tokenHash: 'h7', createdAt: LATER, expiresAt: '2026-03-01T00:00:00.000Z' },
        at: LATER,
      }),
    ).toEqual({ status: 'invalid', reason: 'expired' });
    await acme!.refreshTokens.issue(token('t-8', { familyId: 'fam-3' }));
    expect(await acme!.refreshTokens.revokeAllForUser('u-1', { at: LATER, reason: 'logout' })).toBe(2);
    expect(await acme!.refreshTokens.revoke('t-8', { at: LATER })).toBe(false);
    expect((await acme!.refreshTokens.listByUser('u-1')).map((row) => row.id)).toHaveLength(4);
    expect(await acme!.refreshTokens.deleteExpired('2026-02-01T00:00:00.000Z')).toBe(1);
  });

  it('refresh tokens: an unknown user is a NotFoundError; a reused hash a ConflictError', async () => {
    const [acme] = await tenants('acme');
    await expect(acme!.refreshTokens.issue(token('t-1'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      entity: 'user',
    });
    await acme!.users.create(user());
    await acme!.refreshTokens.issue(token('t-1'));
    await expect(acme!.refreshTokens.issue(token('t-2', { tokenHash: 'hash-t-1' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      entity: 'refresh token',
    });
    await expect(
      acme!.refreshTokens.issue(token('t-3', { expiresAt: '2026-01-01T00:00:00.000Z' })),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'expiresAt' }] });
  });

  it('AI history: append, get, list newest first with filters, count; duplicates conflict', async () => {
    const [acme] = await tenants('acme');
    await acme!.aiHistory.append(entry('ai-1'));
    await acme!.aiHistory.append(entry('ai-2', { kind: 'chat', recommendationId: 'rec-2' }));
    await acme!.aiHistory.append(entry('ai-3', { createdAt: LATER }));
    expect(await acme!.aiHistory.get('ai-1')).toEqual(entry('ai-1'));
    expect((await acme!.aiHistory.list()).map((row) => row.id)).toEqual(['ai-3', 'ai-2', 'ai-1']);
    expect((await acme!.aiHistory.list({ recommendationId: 'rec-1' })).map((row) => row.id)).toEqual([
      'ai-3',
      'ai-1',
    ]);
    expect((await acme!.aiHistory.list({ kind: 'chat' })).map((row) => row.id)).toEqual(['ai-2']);
    expect((await acme!.aiHistory.list({ limit: 1, offset: 1 })).map((row) => row.id)).toEqual(['ai-2']);
    expect(await acme!.aiHistory.count()).toBe(3);
    await expect(acme!.aiHistory.append(entry('ai-1'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(acme!.aiHistory.append(entry('ai-9', { createdAt: 'now' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('isolation: every server repository method with another tenant’s ids reads, changes and counts nothing', async () => {
    const [a, b] = await tenants('tenant-a', 'tenant-b');
    await a!.users.create(user());
    await a!.refreshTokens.issue(token('t-1'));
    await a!.aiHistory.append(entry('ai-1'));
    const recommendation = fixtureRecommendation({ id: 'rec-1', title: 'Tenant A' });
    await a!.recommendations.saveMany([recommendation]);
    const before = {
      user: await a!.users.get('u-1'),
      token: await a!.refreshTokens.getByHash('hash-t-1'),
      history: await a!.aiHistory.list(),
      recommendations: await a!.recommendations.list(),
    };

    expect(await b!.users.get('u-1')).toBeUndefined();
    expect(await b!.users.getByEmail('alice@example.com')).toBeUndefined();
    expect(await b!.users.list()).toEqual([]);
    expect(await b!.users.count()).toBe(0);
    await expect(b!.users.update('u-1', { name: 'Mallory', updatedAt: LATER })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await b!.refreshTokens.getByHash('hash-t-1')).toBeUndefined();
    expect(await b!.refreshTokens.listByUser('u-1')).toEqual([]);
    expect(
      await b!.refreshTokens.rotate({
        tokenHash: 'hash-t-1',
        next: { id: 't-2', tokenHash: 'hash-t-2', createdAt: LATER, expiresAt: '2026-03-01T00:00:00.000Z' },
        at: LATER,
      }),
    ).toEqual({ status: 'invalid', reason: 'unknown' });
    expect(await b!.refreshTokens.revoke('t-1', { at: LATER })).toBe(false);
    expect(await b!.refreshTokens.revokeFamily('fam-1', { at: LATER })).toBe(0);
    expect(await b!.refreshTokens.revokeAllForUser('u-1', { at: LATER })).toBe(0);
    expect(await b!.refreshTokens.deleteExpired('2030-01-01T00:00:00.000Z')).toBe(0);
    // A token for a user of the other tenant: the user does not exist here.
    await expect(b!.refreshTokens.issue(token('t-9'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await b!.aiHistory.get('ai-1')).toBeUndefined();
    expect(await b!.aiHistory.list({ recommendationId: 'rec-1' })).toEqual([]);
    expect(await b!.aiHistory.count()).toBe(0);

    // Same ids in the other tenant are its own rows.
    await b!.users.create(user({ name: 'Bob at B' }));
    await b!.aiHistory.append(entry('ai-1', { prompt: 'B' }));
    // The bulk write with the other tenant's id and key: a row of its own, no conflict.
    await b!.recommendations.saveMany([{ ...recommendation, title: 'Tenant B' }]);
    expect((await b!.users.get('u-1'))?.name).toBe('Bob at B');
    expect((await b!.recommendations.getByKey(recommendation.key))?.title).toBe('Tenant B');
    expect(await b!.recommendations.count()).toBe(1);

    expect({
      user: await a!.users.get('u-1'),
      token: await a!.refreshTokens.getByHash('hash-t-1'),
      history: await a!.aiHistory.list(),
      recommendations: await a!.recommendations.list(),
    }).toEqual(before);
    expect(before.recommendations).toEqual([recommendation]);
  });

  it('unknown tenant: server repository writes are NotFoundError, reads find nothing', async () => {
    store = backend.store();
    const ghost = store.forTenant('ghost');
    await expect(ghost.users.create(user())).rejects.toMatchObject({ code: 'NOT_FOUND', entity: 'tenant' });
    await expect(ghost.aiHistory.append(entry('ai-1'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ghost.recommendations.saveMany([fixtureRecommendation()])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await ghost.users.list()).toEqual([]);
    expect(await ghost.aiHistory.list()).toEqual([]);
  });

  it('recommendations.saveMany writes a batch atomically and publishes each change', async () => {
    const [acme] = await tenants('acme');
    const changes: string[] = [];
    store!.subscribe((change) => changes.push(`${change.op}:${change.id}`));
    const batch = Array.from({ length: 2500 }, (_, index) =>
      fixtureRecommendation({ id: `rec-${String(index).padStart(4, '0')}`, estimatedMonthlySavings: index }),
    );
    await acme!.recommendations.saveMany(batch);
    expect(await acme!.recommendations.count()).toBe(2500);
    expect((await acme!.recommendations.list({ limit: 1 }))[0]?.id).toBe('rec-2499');
    // A duplicate key anywhere refuses the whole batch.
    const clash = fixtureRecommendation({ id: 'rec-new', key: batch[0]!.key });
    await expect(acme!.recommendations.saveMany([fixtureRecommendation(), clash])).rejects.toMatchObject({
      code: 'CONFLICT',
      entity: 'recommendation',
    });
    expect(await acme!.recommendations.count()).toBe(2500);
    // The same id twice in one batch: both apply in order, the last wins.
    await acme!.recommendations.saveMany([
      { ...batch[1]!, title: 'first' },
      { ...batch[1]!, title: 'second' },
    ]);
    expect((await acme!.recommendations.get(batch[1]!.id))?.title).toBe('second');
    await expect.poll(() => changes.length, { timeout: 3000 }).toBe(2502);
    expect(changes.slice(-2)).toEqual([`update:${batch[1]!.id}`, `update:${batch[1]!.id}`]);
  });
});
