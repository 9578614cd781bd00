import type { AuditRepositoryV1, ConfigRepositoryV1 } from '../contracts/v1/store-v1.js';
import { ConflictError } from '../errors/conflict-error.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { auditEventSchema } from '../schemas/audit-event.js';
import { parseWith } from '../util/parse.js';
import { copyIn, copyOut, rowsOf, type TenantScope } from './memory-scope.js';
import { auditListSchema, configKeySchema, configValueSchema, page } from './store-schemas.js';

/**
 * The append-only audit log of one tenant. An event must name the tenant it is
 * appended to, and an id is never reused (appending it again is a conflict).
 */
export function createAuditRepository(scope: TenantScope): AuditRepositoryV1 {
  return {
    async append(event) {
      const parsed = copyIn(parseWith(auditEventSchema, event, 'AuditEvent'), 'AuditEvent');
      if (parsed.tenantId !== scope.tenantId) {
        throw new InvalidInputError({
          subject: 'AuditEvent',
          issues: [
            { path: 'tenantId', message: `must be "${scope.tenantId}", the tenant it is appended to` },
          ],
        });
      }
      await scope.write((draft) => {
        const table = draft.writable('audit');
        if (table.get(parsed.id) !== undefined) {
          throw new ConflictError({
            entity: 'audit event',
            message: `Audit event ${parsed.id} already exists; the audit log is append-only, give the event a new id`,
          });
        }
        table.put(parsed);
        draft.record('audit', 'insert', parsed.id);
      });
    },
    async list(options) {
      const filter = parseWith(auditListSchema, options, 'audit list options');
      // Rows are in append order; reversing first makes the stable sort put later appends first on equal times.
      const matching = (rowsOf(scope, 'audit')?.values() ?? [])
        .filter((event) => filter?.action === undefined || event.action === filter.action)
        .filter((event) => filter?.subjectId === undefined || event.subject.id === filter.subjectId)
        .reverse()
        .sort((left, right) => Date.parse(right.at) - Date.parse(left.at));
      return copyOut(page(matching, filter));
    },
  };
}

/** Configuration of one tenant: JSON values by non-empty key. */
export function createConfigRepository(scope: TenantScope): ConfigRepositoryV1 {
  return {
    async get<T = unknown>(key: string): Promise<T | undefined> {
      return copyOut(rowsOf(scope, 'config')?.get(key)?.value as T | undefined);
    },
    async set(key, value) {
      const entry = {
        key: parseWith(configKeySchema, key, 'config key'),
        value: copyIn(parseWith(configValueSchema, value, `config value of "${key}"`), 'config value'),
      };
      await scope.write((draft) => {
        draft.record('config', draft.writable('config').put(entry), entry.key);
      });
    },
    async list() {
      const entries = (rowsOf(scope, 'config')?.values() ?? []).sort((left, right) =>
        left.key < right.key ? -1 : 1,
      );
      return copyOut(Object.fromEntries(entries.map((entry) => [entry.key, entry.value])));
    },
  };
}
