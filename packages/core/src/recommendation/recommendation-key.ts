import { type Action, actionTarget } from '../schemas/action.js';

/** Identity of a recommendation by what it proposes: `resourceId|kind|target`. */
export function recommendationKey(draft: { resourceId: string; kind: string; action: Action }): string {
  return `${draft.resourceId}|${draft.kind}|${actionTarget(draft.action)}`;
}
