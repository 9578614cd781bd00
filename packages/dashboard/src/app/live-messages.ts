import type { Approval, Execution, Recommendation, StreamMessage } from '../lib/types.js';

/** Which recommendation a stream event is about, if any. */
export function recommendationIdOf(message: StreamMessage): string | undefined {
  const payload = message.payload as {
    recommendationId?: unknown;
    recommendation?: Partial<Recommendation>;
    approval?: Partial<Approval>;
    execution?: Partial<Execution>;
  };
  if (typeof payload.recommendationId === 'string') return payload.recommendationId;
  if (typeof payload.recommendation?.id === 'string') return payload.recommendation.id;
  if (typeof payload.approval?.recommendationId === 'string') return payload.approval.recommendationId;
  if (typeof payload.execution?.recommendationId === 'string') return payload.execution.recommendationId;
  return undefined;
}

const RECOMMENDATION_EVENTS = new Set([
  'recommendation-created',
  'recommendation-updated',
  'recommendation-status',
  'recommendation-verified',
  'approval-requested',
  'approval-decided',
  'execution-start',
  'execution-dry-run',
  'execution-end',
  'execution-error',
  'execution-rolled-back',
]);

/** Events that change recommendations, approvals or executions. */
export function isRecommendationEvent(message: StreamMessage): boolean {
  return RECOMMENDATION_EVENTS.has(message.type);
}

/** Events that change KPIs or their inputs. */
export function isKpiEvent(message: StreamMessage): boolean {
  return message.type === 'kpi-changed' || message.type === 'config-changed';
}

/** A short sentence for the few events worth announcing (executions and decisions), or undefined. */
export function describeEvent(
  message: StreamMessage,
): { message: string; tone: 'info' | 'success' | 'error' } | undefined {
  const payload = message.payload as {
    execution?: Execution;
    approval?: Approval;
    decision?: { decision?: string };
  };
  const resource = payload.execution?.resourceId;
  switch (message.type) {
    case 'execution-start':
      return { message: `Executing a change on ${resource ?? 'a resource'}…`, tone: 'info' };
    case 'execution-end':
      return payload.execution?.status === 'failed'
        ? { message: `Execution on ${resource ?? 'a resource'} failed.`, tone: 'error' }
        : { message: `Execution on ${resource ?? 'a resource'} succeeded.`, tone: 'success' };
    case 'execution-error':
      return { message: `Execution on ${resource ?? 'a resource'} failed.`, tone: 'error' };
    case 'execution-rolled-back':
      return { message: `Change on ${resource ?? 'a resource'} rolled back.`, tone: 'info' };
    case 'approval-decided': {
      const decision = payload.decision?.decision === 'reject' ? 'rejected' : 'approved';
      return {
        message: `A recommendation was ${decision} (${payload.approval?.status ?? 'pending'}).`,
        tone: 'info',
      };
    }
    default:
      return undefined;
  }
}
