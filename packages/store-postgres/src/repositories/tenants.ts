import {
  ConflictError,
  parseWith,
  type Tenant,
  type TenantRepositoryV1,
  tenantSchema,
} from '@finops-autopilot/core';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../database.js';
import { sqlStateOf } from '../errors.js';
import { tenants } from '../schema.js';

/** How the tenant registry reaches the database (it is not tenant-scoped itself). */
export interface TenantAccess {
  read<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /** Runs `work` in a transaction and publishes the tenant's creation after commit. */
  create(tenantId: string, work: (db: Db) => Promise<void>): Promise<void>;
}

/** The tenant registry: ids are unique; listed by id. */
export function createTenantRepository(access: TenantAccess): TenantRepositoryV1 {
  return {
    async create(tenant) {
      const parsed = parseWith(tenantSchema, tenant, 'Tenant');
      try {
        await access.create(parsed.id, async (db) => {
          await db
            .insert(tenants)
            .values({ id: parsed.id, name: parsed.name, createdAt: parsed.createdAt, record: parsed });
        });
      } catch (error) {
        if (sqlStateOf(error) !== '23505') throw error;
        throw new ConflictError({
          entity: 'tenant',
          message: `Tenant ${parsed.id} already exists; choose another id`,
          cause: error,
        });
      }
    },
    async get(id) {
      const rows = await access.read((db) =>
        db.select({ record: tenants.record }).from(tenants).where(eq(tenants.id, id)),
      );
      return rows[0]?.record as Tenant | undefined;
    },
    async list() {
      const rows = await access.read((db) =>
        db.select({ record: tenants.record }).from(tenants).orderBy(asc(tenants.id)),
      );
      return rows.map((row) => row.record as Tenant);
    },
  };
}
