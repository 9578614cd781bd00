import { z } from 'zod';
import { actorSchema, isoDateTimeSchema, nonEmptyString } from './common.js';

/** An append-only record of something a person or the system did. */
export const auditEventSchema = z.object({
  id: nonEmptyString,
  tenantId: nonEmptyString,
  at: isoDateTimeSchema,
  actor: actorSchema,
  /** Dotted verb, e.g. `recommendation.approve`, `execution.rollback`, `auth.login-failed`. */
  action: nonEmptyString,
  subject: z.object({ type: nonEmptyString, id: z.string() }),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
