import { describe, expect, it } from 'vitest';
import type { StoreChange, StoreV1 } from '../contracts/v1/store-v1.js';
import { fixtureRecommendation, fixtureTenant } from '../testing/fixtures.js';
import { testStore } from '../testing/store-suite.js';
import { createMemoryStore } from './memory-store.js';

testStore({ name: 'memory', store: () => createMemoryStore() });

/** A promise plus the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

async function storeWithTenants(...ids: string[]): Promise<StoreV1> {
  return createMemoryStore({ tenants: ids.map((id) => fixtureTenant({ id })) });
}

describe('createMemoryStore', () => {
  it('identifies itself and seeds the given tenants', async () => {
    const store = await storeWithTenants('acme', 'globex');
    expect(store.storeId).toBe('memory');
    expect(store.specificationVersion).toBe('v1');
    expect((await store.tenants.list()).map((tenant) => tenant.id)).toEqual(['acme', 'globex']);
  });

  it('refuses invalid or duplicate seed tenants', () => {
    expect(() => createMemoryStore({ tenants: [fixtureTenant({ id: 'Bad Id' })] })).toThrow(
      /Invalid Tenant: id/,
    );
    expect(() =>
      createMemoryStore({ tenants: [fixtureTenant({ id: 'a' }), fixtureTenant({ id: 'a' })] }),
    ).toThrow(/already exists/);
  });

  it('makes a write outside a running transaction wait for its commit', async () => {
    const store = await storeWithTenants('acme');
    const tenant = store.forTenant('acme');
    const changes: StoreChange[] = [];
    store.subscribe((change) => changes.push(change));
    const hold = gate();
    const started = gate();
    const transaction = store.transaction('acme', async (tx) => {
      await tx.config.set('owner', 'transaction');
      started.open();
      await hold.opened;
    });
    await started.opened;
    let outsideDone = false;
    const outside = tenant.config.set('owner', 'outside').then(() => {
      outsideDone = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outsideDone).toBe(false);
    expect(await tenant.config.get('owner')).toBeUndefined();
    hold.open();
    await Promise.all([transaction, outside]);
    expect(await tenant.config.get('owner')).toBe('outside');
    expect(changes.map((change) => change.op)).toEqual(['insert', 'update']);
  });

  it('does not hold up other tenants while a transaction runs', async () => {
    const store = await storeWithTenants('acme', 'globex');
    const hold = gate();
    const transaction = store.transaction('acme', () => hold.opened);
    await store.forTenant('globex').config.set('budget', 1);
    expect(await store.forTenant('globex').config.get('budget')).toBe(1);
    hold.open();
    await transaction;
  });

  it('rejects instead of deadlocking when work writes through the outer store of its tenant', async () => {
    const store = await storeWithTenants('acme', 'globex');
    const outer = store.forTenant('acme');
    await store.transaction('acme', async (tx) => {
      await expect(outer.config.set('budget', 1)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(store.transaction('acme', async () => undefined)).rejects.toThrow(
        /would wait for the transaction/,
      );
      // Other tenants are not locked by this transaction.
      await store.forTenant('globex').config.set('budget', 2);
      // A transaction of another tenant opened inside work still may not write to this one.
      await store.transaction('globex', async () => {
        await expect(outer.config.set('budget', 5)).rejects.toMatchObject({ code: 'CONFLICT' });
      });
      await tx.config.set('budget', 3);
    });
    expect(await outer.config.get('budget')).toBe(3);
    expect(await store.forTenant('globex').config.get('budget')).toBe(2);
    // Outside the transaction the same outer store writes normally again.
    await outer.config.set('budget', 4);
    expect(await outer.config.get('budget')).toBe(4);
  });

  it('refuses the store of a transaction that has ended', async () => {
    const store = await storeWithTenants('acme');
    const leaked = await store.transaction('acme', async (tx) => tx);
    await expect(leaked.recommendations.save(fixtureRecommendation())).rejects.toThrow(
      /transaction .* has ended/,
    );
    await expect(leaked.recommendations.list()).rejects.toThrow(/has ended/);
    expect(await store.forTenant('acme').recommendations.count()).toBe(0);
  });

  it('keeps a commit and the other listeners when a listener throws', async () => {
    const errors: unknown[] = [];
    const store = createMemoryStore({
      tenants: [fixtureTenant({ id: 'acme' })],
      onListenerError: (error) => errors.push(error),
    });
    const received: string[] = [];
    store.subscribe(() => {
      throw new Error('listener failed');
    });
    store.subscribe((change) => received.push(change.id));
    await store.forTenant('acme').config.set('budget', 1);
    expect(received).toEqual(['budget']);
    expect(errors).toHaveLength(1);
    expect(await store.forTenant('acme').config.get('budget')).toBe(1);
  });

  it('gives each listener its own copy of a change', async () => {
    const store = await storeWithTenants('acme');
    const received: StoreChange[] = [];
    store.subscribe((change) => {
      change.id = 'tampered';
    });
    store.subscribe((change) => received.push(change));
    await store.forTenant('acme').config.set('budget', 1);
    expect(received[0]?.id).toBe('budget');
  });

  it('rolls back a transaction that is still running when the store closes', async () => {
    const store = await storeWithTenants('acme');
    const hold = gate();
    const started = gate();
    const transaction = store.transaction('acme', async (tx) => {
      await tx.config.set('budget', 1);
      started.open();
      await hold.opened;
    });
    await started.opened;
    await store.close();
    hold.open();
    await expect(transaction).rejects.toThrow(/closed/);
  });
});
