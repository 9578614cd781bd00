import { type Policy, policySchema } from '../schemas/policy.js';
import { parseWith } from '../util/parse.js';

/**
 * The policy used when none is configured. Rules are checked in order; the
 * first that matches decides.
 *
 * 1. `high-risk` — risk high (idle deletes, architecture changes): human review,
 *    then an admin, by two different people.
 * 2. `production` — resources tagged env=prod/production: one approver.
 * 3. `large-savings` — estimated savings ≥ 500 USD/month: one approver (big
 *    changes deserve a look even when safe).
 * 4. `upsize` — a negative saving (spending more to fix saturation): one approver.
 * 5. `safe-small` — low risk, confidence ≥ 0.8, savings above 0 and up to 500: autonomous.
 * 6. `low-confidence` — confidence ≤ 0.8 (thin or volatile data): one approver.
 * Fallback (e.g. medium risk): one approver. Nothing runs autonomously unless a rule says so.
 */
export const DEFAULT_POLICY: Policy = policySchema.parse({
  id: 'default',
  name: 'Default policy',
  rules: [
    {
      id: 'high-risk',
      description: 'High-risk changes need an approver and then an admin, two different people.',
      when: { risks: ['high'] },
      outcome: {
        mode: 'hitl',
        stages: [
          { name: 'review', roles: ['approver', 'admin'] },
          { name: 'admin sign-off', roles: ['admin'] },
        ],
        distinctApprovers: true,
      },
    },
    {
      id: 'production',
      description: 'Production resources are changed only after a human approves.',
      when: { tags: { env: ['prod', 'production'] } },
      outcome: { mode: 'hitl', stages: [{ name: 'review', roles: ['approver', 'admin'] }] },
    },
    {
      id: 'large-savings',
      description: 'Large changes (≥ 500 USD/month) get a human look.',
      when: { minMonthlySavings: 500 },
      outcome: { mode: 'hitl', stages: [{ name: 'review', roles: ['approver', 'admin'] }] },
    },
    {
      id: 'upsize',
      description: 'Spending more to relieve saturation is a decision for a person.',
      when: { maxMonthlySavings: -0.000001 },
      outcome: { mode: 'hitl', stages: [{ name: 'review', roles: ['approver', 'admin'] }] },
    },
    {
      id: 'safe-small',
      description: 'Low-risk, confident, modest changes run on their own.',
      when: { risks: ['low'], minConfidence: 0.8, minMonthlySavings: 0.01, maxMonthlySavings: 500 },
      outcome: { mode: 'autonomous' },
    },
    {
      id: 'low-confidence',
      description: 'Thin or volatile data: a human decides.',
      when: { maxConfidence: 0.8 },
      outcome: { mode: 'hitl', stages: [{ name: 'review', roles: ['approver', 'admin'] }] },
    },
  ],
  fallback: { mode: 'hitl', stages: [{ name: 'review', roles: ['approver', 'admin'] }] },
});

/**
 * Validates a policy (e.g. from a config file) and returns it typed.
 * @throws {InvalidInputError} naming each bad field, e.g. `rules[1].outcome.stages`.
 */
export function definePolicy(policy: unknown): Policy {
  return parseWith(policySchema, policy, 'policy');
}
