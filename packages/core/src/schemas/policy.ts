import { z } from 'zod';
import { nonEmptyString, riskSchema, roleSchema } from './common.js';
import { executionModeSchema } from './recommendation.js';

/** One approval stage: who may decide it, and how many approvals it needs. */
export const approvalStageSpecSchema = z.object({
  name: nonEmptyString,
  roles: z.array(roleSchema).min(1, 'a stage needs at least one role that may decide it'),
  /** Approvals needed to pass this stage (by different people). */
  approvals: z.number().int().min(1).default(1),
});
export type ApprovalStageSpec = z.infer<typeof approvalStageSpecSchema>;

/** Conditions of a rule; every condition given must hold (AND). Omitted conditions match anything. */
export const policyMatchSchema = z.object({
  kinds: z.array(z.string()).optional(),
  risks: z.array(riskSchema).optional(),
  resourceKinds: z.array(z.string()).optional(),
  services: z.array(z.string()).optional(),
  minMonthlySavings: z.number().optional(),
  maxMonthlySavings: z.number().optional(),
  minConfidence: z.number().min(0).max(1).optional(),
  maxConfidence: z.number().min(0).max(1).optional(),
  /** Tag conditions: value `*` means "present"; an array means "one of" (case-insensitive). */
  tags: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  /** Tags that must be absent. */
  tagsAbsent: z.array(z.string()).optional(),
});
export type PolicyMatch = z.infer<typeof policyMatchSchema>;

/** What a matching rule decides. */
export const policyOutcomeSchema = z
  .object({
    mode: executionModeSchema,
    stages: z.array(approvalStageSpecSchema).default([]),
    /** When true, one person may approve at most one stage. */
    distinctApprovers: z.boolean().default(true),
  })
  .superRefine((outcome, context) => {
    if (outcome.mode === 'hitl' && outcome.stages.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['stages'],
        message: 'a hitl outcome needs at least one approval stage',
      });
    }
    if (outcome.mode === 'autonomous' && outcome.stages.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['stages'],
        message: 'an autonomous outcome has no approval stages',
      });
    }
  });
export type PolicyOutcome = z.infer<typeof policyOutcomeSchema>;

export const policyRuleSchema = z.object({
  id: nonEmptyString,
  description: z.string().optional(),
  when: policyMatchSchema.default({}),
  outcome: policyOutcomeSchema,
});
export type PolicyRule = z.infer<typeof policyRuleSchema>;

/** Ordered rules: the first rule whose conditions all hold decides; otherwise `fallback`. */
export const policySchema = z
  .object({
    id: nonEmptyString,
    name: nonEmptyString,
    rules: z.array(policyRuleSchema),
    fallback: policyOutcomeSchema,
  })
  .superRefine((policy, context) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'id'],
          message: `duplicate rule id "${rule.id}"`,
        });
      }
      seen.add(rule.id);
    });
  });
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
