import { z } from 'zod';
import { actorSchema, isoDateTimeSchema, nonEmptyString } from './common.js';
import { approvalStageSpecSchema } from './policy.js';

export const approvalDecisionSchema = z.object({
  stage: z.number().int().nonnegative(),
  stageName: nonEmptyString,
  actor: actorSchema,
  decision: z.enum(['approve', 'reject']),
  reason: z.string().optional(),
  at: isoDateTimeSchema,
});
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/** The multi-stage approval of one recommendation, with its full decision history. */
export const approvalSchema = z.object({
  id: nonEmptyString,
  recommendationId: nonEmptyString,
  policyRuleId: z.string().nullable(),
  stages: z.array(approvalStageSpecSchema).min(1),
  distinctApprovers: z.boolean(),
  /** Index of the stage awaiting decisions; equals `stages.length` once approved. */
  currentStage: z.number().int().nonnegative(),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
  decisions: z.array(approvalDecisionSchema),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type Approval = z.infer<typeof approvalSchema>;
