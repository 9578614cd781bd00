import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoreChange, StoreV1, TenantStoreV1 } from '../contracts/v1/store-v1.js';
import { type Tenant, tenantSchema } from '../schemas/tenant.js';
import { parseWith } from '../util/parse.js';
import { AsyncMutex } from './async-mutex.js';
import { createTenantRepositories } from './memory-repositories.js';
import type { TenantScope } from './memory-scope.js';
import {
  duplicateTenantError,
  logListenerError,
  MEMORY_STORE_ID,
  selfDeadlockError,
  storeClosedError,
  transactionEndedError,
  unknownTenantError,
} from './memory-store-errors.js';
import { createTenantState, TenantDraft, type TenantState } from './memory-tenant-state.js';

export { MEMORY_STORE_ID } from './memory-store-errors.js';

export interface MemoryStoreOptions {
  /** Tenants that exist from the start (validated like `tenants.create`). @default [] */
  tenants?: readonly Tenant[];
  /**
   * Called when a change listener throws; the other listeners still run and the
   * commit stands. @default logs the error with `console.error`
   */
  onListenerError?: (error: unknown, change: StoreChange) => void;
}

interface TenantEntry {
  tenant: Tenant;
  state: TenantState;
  mutex: AsyncMutex;
}

interface TransactionContext {
  owner: object;
  tenantId: string;
  active: boolean;
  /** The transaction whose work opened this one, if any. */
  parent: TransactionContext | undefined;
}

const transactionContext = new AsyncLocalStorage<TransactionContext>();

/**
 * The in-memory reference store: everything lives in process memory and is lost
 * on exit. Use it in tests, examples and the simulation; it passes the same
 * store contract suite as the durable adapters.
 *
 * - Tenant data is reachable only through `forTenant` and `transaction`. Ids are
 *   scoped per tenant: two tenants may hold rows with the same id.
 * - Reads of a tenant that does not exist find nothing; writes reject with
 *   `NotFoundError`, and so does `transaction` before running `work`.
 * - A transaction works on a copy-on-write draft of its tenant's state and holds
 *   the tenant's lock: other writes of that tenant, transactional or not, wait for
 *   it. Reads outside the transaction see committed state and never wait. Writing
 *   through the outer store, or opening a transaction of the same tenant, inside
 *   `work` would wait for itself forever, so it rejects with a `ConflictError`.
 * - Changes are published synchronously after commit, in the order they were
 *   made; metric summaries publish none (StoreChange has no entity for them).
 * - List orders the contract leaves open: resources by id; approvals by
 *   `createdAt` and executions by `startedAt`, newest first, ties by id.
 *   Only recommendation lists have a default limit (50).
 * - After `close()` every call rejects (or, for `subscribe`, throws).
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): StoreV1 {
  const owner = {};
  const tenants = new Map<string, TenantEntry>();
  const listeners = new Set<(change: StoreChange) => void>();
  const onListenerError = options.onListenerError ?? logListenerError;
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw storeClosedError();
  };

  const requireTenant = (tenantId: string): TenantEntry => {
    const entry = tenants.get(tenantId);
    if (!entry) throw unknownTenantError(tenantId);
    return entry;
  };

  const publish = (changes: readonly StoreChange[]): void => {
    for (const change of changes) {
      for (const listener of [...listeners]) {
        try {
          listener({ ...change });
        } catch (error) {
          onListenerError(error, { ...change });
        }
      }
    }
  };

  const assertNotInOwnTransaction = (tenantId: string, what: string): void => {
    for (let context = transactionContext.getStore(); context; context = context.parent) {
      if (context.active && context.owner === owner && context.tenantId === tenantId) {
        throw selfDeadlockError(tenantId, what);
      }
    }
  };

  const addTenant = (tenant: Tenant): void => {
    const parsed = structuredClone(parseWith(tenantSchema, tenant, 'Tenant'));
    if (tenants.has(parsed.id)) throw duplicateTenantError(parsed.id);
    tenants.set(parsed.id, { tenant: parsed, state: createTenantState(), mutex: new AsyncMutex() });
  };

  for (const tenant of options.tenants ?? []) addTenant(tenant);

  const committedScope = (tenantId: string): TenantScope => ({
    tenantId,
    read() {
      assertOpen();
      return tenants.get(tenantId)?.state;
    },
    async write(mutate) {
      assertOpen();
      assertNotInOwnTransaction(tenantId, 'A write');
      const entry = requireTenant(tenantId);
      return entry.mutex.run(async () => {
        assertOpen();
        const draft = new TenantDraft(tenantId, entry.state);
        const result = mutate(draft);
        entry.state = draft.view();
        publish(draft.changes);
        return result;
      });
    },
  });

  return {
    specificationVersion: 'v1',
    storeId: MEMORY_STORE_ID,
    tenants: {
      async create(tenant) {
        assertOpen();
        addTenant(tenant);
        publish([{ tenantId: tenant.id, entity: 'tenant', op: 'insert', id: tenant.id }]);
      },
      async get(id) {
        assertOpen();
        const entry = tenants.get(id);
        return entry ? structuredClone(entry.tenant) : undefined;
      },
      async list() {
        assertOpen();
        return [...tenants.values()]
          .map((entry) => structuredClone(entry.tenant))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
      },
    },
    forTenant(tenantId: string): TenantStoreV1 {
      return createTenantRepositories(committedScope(tenantId));
    },
    async transaction(tenantId, work) {
      assertOpen();
      assertNotInOwnTransaction(tenantId, 'A transaction');
      const entry = requireTenant(tenantId);
      return entry.mutex.run(async () => {
        assertOpen();
        const draft = new TenantDraft(tenantId, entry.state);
        const parent = transactionContext.getStore();
        const context: TransactionContext = { owner, tenantId, active: true, parent };
        const scope: TenantScope = {
          tenantId,
          read() {
            assertOpen();
            assertActive(context, tenantId);
            return draft.view();
          },
          async write(mutate) {
            assertOpen();
            assertActive(context, tenantId);
            return mutate(draft);
          },
        };
        try {
          const result = await transactionContext.run(context, () => work(createTenantRepositories(scope)));
          assertOpen();
          entry.state = draft.view();
          context.active = false;
          publish(draft.changes);
          return result;
        } finally {
          context.active = false;
        }
      });
    },
    subscribe(listener) {
      assertOpen();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}

function assertActive(context: TransactionContext, tenantId: string): void {
  if (!context.active) throw transactionEndedError(tenantId);
}
