import { z } from 'zod';
import { actionSchema } from './action.js';
import { actorSchema, isoDateTimeSchema, nonEmptyString } from './common.js';
import { resourceSchema } from './resource.js';

/** What an executor will do, checked before anything changes. */
export const executionPlanSchema = z.object({
  resourceId: nonEmptyString,
  action: actionSchema,
  /** Human-readable steps, in order. */
  steps: z.array(z.string()).min(1),
  /** The resource as it was when planned: what a rollback restores. */
  preState: resourceSchema,
  /** What the resource will look like afterwards (type, state, spec). */
  expectedState: resourceSchema.optional(),
  warnings: z.array(z.string()).default([]),
  reversible: z.boolean(),
});
export type ExecutionPlan = z.infer<typeof executionPlanSchema>;

/** What one `execute` call did. */
export const executionOutcomeSchema = z.object({
  idempotencyKey: nonEmptyString,
  dryRun: z.boolean(),
  status: z.enum(['succeeded', 'failed']),
  /** False when nothing changed: a dry run, a failure, or a replay of an already applied key. */
  applied: z.boolean(),
  /** True when the key had been applied before and this call returned the earlier outcome. */
  replayed: z.boolean().default(false),
  preState: resourceSchema,
  postState: resourceSchema.optional(),
  message: z.string(),
  at: isoDateTimeSchema,
});
export type ExecutionOutcome = z.infer<typeof executionOutcomeSchema>;

export const executionStatusSchema = z.enum([
  'pending',
  'dry-run',
  'running',
  'succeeded',
  'failed',
  'rolled-back',
]);
export type ExecutionStatus = z.infer<typeof executionStatusSchema>;

/** One execution of a recommendation, kept for audit and rollback. */
export const executionSchema = z.object({
  id: nonEmptyString,
  recommendationId: nonEmptyString,
  resourceId: nonEmptyString,
  idempotencyKey: nonEmptyString,
  status: executionStatusSchema,
  actor: actorSchema,
  plan: executionPlanSchema,
  dryRun: executionOutcomeSchema.optional(),
  outcome: executionOutcomeSchema.optional(),
  rollback: executionOutcomeSchema.optional(),
  error: z.object({ message: z.string(), code: z.string() }).optional(),
  startedAt: isoDateTimeSchema,
  finishedAt: isoDateTimeSchema.optional(),
});
export type Execution = z.infer<typeof executionSchema>;
