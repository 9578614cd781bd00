import { ConflictError } from '../errors/conflict-error.js';
import { FinopsError } from '../errors/finops-error.js';
import { NotFoundError } from '../errors/not-found-error.js';

/** Identifies this adapter in errors and in `StoreV1.storeId`. */
export const MEMORY_STORE_ID = 'memory';

const PREFIX = `[finops-autopilot] [${MEMORY_STORE_ID}-store]`;

export function storeClosedError(): FinopsError {
  return new FinopsError({
    code: 'STORE_CLOSED',
    message: `${PREFIX} The store is closed; create a new store to keep working.`,
  });
}

export function transactionEndedError(tenantId: string): FinopsError {
  return new FinopsError({
    code: 'TRANSACTION_ENDED',
    message: `${PREFIX} The transaction of tenant ${tenantId} has ended; its store can no longer be used.`,
  });
}

export function unknownTenantError(tenantId: string): NotFoundError {
  return new NotFoundError({
    entity: 'tenant',
    id: tenantId,
    message: `No such tenant: ${tenantId}. Create it with store.tenants.create() before writing its data.`,
  });
}

export function duplicateTenantError(tenantId: string): ConflictError {
  return new ConflictError({
    entity: 'tenant',
    message: `Tenant ${tenantId} already exists; choose another id`,
  });
}

/** `what` ("A write", "A transaction") would wait for the transaction it is called from. */
export function selfDeadlockError(tenantId: string, what: string): ConflictError {
  return new ConflictError({
    entity: 'transaction',
    message: `${what} of tenant ${tenantId} inside that tenant's transaction would wait for the transaction itself; use the store passed to the transaction's work instead`,
  });
}

export function logListenerError(error: unknown): void {
  console.error(
    `${PREFIX} A change listener threw; the change was committed and other listeners ran.`,
    error,
  );
}
