import { z } from 'zod';
import { isoDateTimeSchema, nonEmptyString } from './common.js';

export const tenantSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, "-" or "_"'),
  name: nonEmptyString,
  createdAt: isoDateTimeSchema,
});
export type Tenant = z.infer<typeof tenantSchema>;
