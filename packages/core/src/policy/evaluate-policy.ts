import type { Policy, PolicyMatch, PolicyOutcome } from '../schemas/policy.js';
import type { RecommendationDraft } from '../schemas/recommendation.js';

/** The facts a policy rule is evaluated against. */
export type PolicySubject = Pick<
  RecommendationDraft,
  'kind' | 'risk' | 'resourceKind' | 'service' | 'estimatedMonthlySavings' | 'confidence' | 'resourceTags'
>;

/** What the policy decided and why. */
export interface PolicyDecision extends PolicyOutcome {
  /** The rule that matched, or null when the fallback applied. */
  ruleId: string | null;
  /** Human-readable reason, e.g. `rule "high-risk" matched: risk is high`. */
  reason: string;
}

/**
 * Routes a recommendation: the first rule whose conditions all hold decides its
 * execution mode and approval stages; if none holds, the policy's fallback does.
 * Deterministic: the same subject always gets the same decision.
 */
export function evaluatePolicy(policy: Policy, subject: PolicySubject): PolicyDecision {
  for (const rule of policy.rules) {
    const reasons = matchReasons(rule.when, subject);
    if (reasons) {
      const because = reasons.length ? reasons.join(', ') : 'matches everything';
      return { ...rule.outcome, ruleId: rule.id, reason: `rule "${rule.id}" matched: ${because}` };
    }
  }
  return { ...policy.fallback, ruleId: null, reason: 'no rule matched; fallback applied' };
}

/** Reasons the subject matches every condition, or null when one fails. */
function matchReasons(when: PolicyMatch, subject: PolicySubject): string[] | null {
  const reasons: string[] = [];
  const check = (applies: boolean, holds: boolean, reason: string): boolean => {
    if (!applies) return true;
    if (holds) reasons.push(reason);
    return holds;
  };
  const savings = subject.estimatedMonthlySavings;
  const ok =
    check(when.kinds !== undefined, when.kinds?.includes(subject.kind) ?? false, `kind is ${subject.kind}`) &&
    check(when.risks !== undefined, when.risks?.includes(subject.risk) ?? false, `risk is ${subject.risk}`) &&
    check(
      when.resourceKinds !== undefined,
      when.resourceKinds?.includes(subject.resourceKind) ?? false,
      `resource kind is ${subject.resourceKind}`,
    ) &&
    check(
      when.services !== undefined,
      when.services?.includes(subject.service) ?? false,
      `service is ${subject.service}`,
    ) &&
    check(
      when.minMonthlySavings !== undefined,
      savings >= (when.minMonthlySavings ?? 0),
      `savings ${savings.toFixed(2)} ≥ ${when.minMonthlySavings}`,
    ) &&
    check(
      when.maxMonthlySavings !== undefined,
      savings <= (when.maxMonthlySavings ?? 0),
      `savings ${savings.toFixed(2)} ≤ ${when.maxMonthlySavings}`,
    ) &&
    check(
      when.minConfidence !== undefined,
      subject.confidence >= (when.minConfidence ?? 0),
      `confidence ${subject.confidence.toFixed(2)} ≥ ${when.minConfidence}`,
    ) &&
    check(
      when.maxConfidence !== undefined,
      subject.confidence <= (when.maxConfidence ?? 1),
      `confidence ${subject.confidence.toFixed(2)} ≤ ${when.maxConfidence}`,
    ) &&
    tagsMatch(when, subject.resourceTags, reasons);
  return ok ? reasons : null;
}

function tagsMatch(when: PolicyMatch, tags: Record<string, string>, reasons: string[]): boolean {
  const lowerTags = new Map(
    Object.entries(tags).map(([key, value]) => [key.toLowerCase(), value.toLowerCase()]),
  );
  for (const [key, expected] of Object.entries(when.tags ?? {})) {
    const actual = lowerTags.get(key.toLowerCase());
    if (actual === undefined) return false;
    const allowed = (Array.isArray(expected) ? expected : [expected]).map((value) => value.toLowerCase());
    if (!allowed.includes('*') && !allowed.includes(actual)) return false;
    reasons.push(`tag ${key}=${actual}`);
  }
  for (const key of when.tagsAbsent ?? []) {
    if (lowerTags.has(key.toLowerCase())) return false;
    reasons.push(`tag ${key} absent`);
  }
  return true;
}
