import { z } from 'zod';
import { approvalSchema } from '../schemas/approval.js';
import { isoDateTimeSchema, nonEmptyString } from '../schemas/common.js';
import { executionModeSchema, recommendationStatusSchema } from '../schemas/recommendation.js';

// Core has no schema for these store-only shapes, so the store keeps its own.

/** A {@link MetricSummary} as the store accepts it. */
export const metricSummarySchema = z.object({
  resourceId: nonEmptyString,
  metric: nonEmptyString,
  window: z.object({ start: isoDateTimeSchema, end: isoDateTimeSchema }),
  points: z.number().int().nonnegative(),
  mean: z.number(),
  p95: z.number(),
  max: z.number(),
  updatedAt: isoDateTimeSchema,
});

export const configKeySchema = nonEmptyString;

/** Config values are JSON, so every store can persist them the same way. */
export const configValueSchema = z.json();

const pageShape = {
  limit: z.number().int().nonnegative().optional(),
  offset: z.number().int().nonnegative().optional(),
};

export const pageSchema = z.object(pageShape).optional();

export const resourceListSchema = z
  .object({ ...pageShape, service: z.string().optional(), kind: z.string().optional() })
  .optional();

export const resourceCountSchema = z
  .object({ service: z.string().optional(), kind: z.string().optional() })
  .optional();

export const approvalListSchema = z
  .object({ ...pageShape, status: z.array(approvalSchema.shape.status).optional() })
  .optional();

export const auditListSchema = z
  .object({ ...pageShape, action: z.string().optional(), subjectId: z.string().optional() })
  .optional();

export const recommendationQuerySchema = z
  .object({
    ...pageShape,
    status: z.array(recommendationStatusSchema).optional(),
    kind: z.array(z.string()).optional(),
    executionMode: z.array(executionModeSchema).optional(),
    service: z.array(z.string()).optional(),
    resourceId: z.string().optional(),
    minMonthlySavings: z.number().optional(),
    search: z.string().optional(),
    sort: z.enum(['estimatedMonthlySavings', 'confidence', 'updatedAt', 'createdAt']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .optional();

/** Applies `offset` then `limit` (no limit when omitted). */
export function page<T>(
  rows: T[],
  options: { limit?: number; offset?: number } | undefined,
  defaultLimit?: number,
): T[] {
  const offset = options?.offset ?? 0;
  const limit = options?.limit ?? defaultLimit;
  return rows.slice(offset, limit === undefined ? undefined : offset + limit);
}
