import { z } from 'zod';

/** ISO-8601 timestamp with a zone (`2026-11-25T02:00:00.000Z`). */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' });

/** ISO 4217 currency code. Every amount in the domain carries one. */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 currency code');

/** Cloud tags: string keys to string values. */
export const tagsSchema = z.record(z.string(), z.string());

export const nonEmptyString = z.string().min(1, 'must not be empty');

/** Risk of acting on a recommendation. */
export const riskSchema = z.enum(['low', 'medium', 'high']);
export type Risk = z.infer<typeof riskSchema>;

/** Roles of the people who act on recommendations. */
export const roleSchema = z.enum(['admin', 'approver', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

/** Who did something: a person, or the system itself (policy, scheduler). */
export const actorSchema = z.object({
  id: nonEmptyString,
  type: z.enum(['user', 'system']),
  role: roleSchema.optional(),
});
export type Actor = z.infer<typeof actorSchema>;

/** A half-open time window `[start, end)`. */
export const timeWindowSchema = z
  .object({ start: isoDateTimeSchema, end: isoDateTimeSchema })
  .refine((window) => Date.parse(window.end) > Date.parse(window.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type TimeWindow = z.infer<typeof timeWindowSchema>;
