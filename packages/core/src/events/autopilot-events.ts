import type { EngineDiagnostic } from '../contracts/v1/engine-v1.js';
import type { Approval, ApprovalDecision } from '../schemas/approval.js';
import type { Execution } from '../schemas/execution.js';
import type { Recommendation, RecommendationStatus } from '../schemas/recommendation.js';

/** What one cycle did, in numbers. */
export interface CycleStats {
  resources: number;
  analyzed: number;
  skipped: number;
  created: number;
  updated: number;
  superseded: number;
  executed: number;
  verified: number;
  errors: number;
}

/** Payload of each event type. Names are noun-verb kebab case. */
export interface AutopilotEventPayloads {
  'cycle-start': { cycleId: number };
  'cycle-end': { cycleId: number; durationMs: number; stats: CycleStats };
  'cycle-error': { cycleId: number; message: string };
  'engine-diagnostic': { engine: string; diagnostic: EngineDiagnostic };
  'recommendation-created': { recommendation: Recommendation };
  'recommendation-updated': { recommendation: Recommendation; changed: string[] };
  /** Every status transition, in order. */
  'recommendation-status': {
    recommendationId: string;
    from: RecommendationStatus;
    to: RecommendationStatus;
    reason?: string;
    recommendation: Recommendation;
  };
  'approval-requested': { approval: Approval };
  'approval-decided': { approval: Approval; decision: ApprovalDecision };
  'execution-start': { execution: Execution };
  'execution-dry-run': { execution: Execution };
  'execution-end': { execution: Execution };
  'execution-error': { execution: Execution; message: string };
  'execution-rolled-back': { execution: Execution };
  'recommendation-verified': { recommendation: Recommendation; realizedMonthlySavings: number };
}

export type AutopilotEventType = keyof AutopilotEventPayloads;

/** An event as delivered: its type, a per-autopilot sequence number (strictly increasing), time and tenant. */
export type AutopilotEvent<T extends AutopilotEventType = AutopilotEventType> = {
  [K in T]: { type: K; seq: number; at: string; tenantId: string; payload: AutopilotEventPayloads[K] };
}[T];

export const AUTOPILOT_EVENT_TYPES: readonly AutopilotEventType[] = [
  'cycle-start',
  'cycle-end',
  'cycle-error',
  'engine-diagnostic',
  'recommendation-created',
  'recommendation-updated',
  'recommendation-status',
  'approval-requested',
  'approval-decided',
  'execution-start',
  'execution-dry-run',
  'execution-end',
  'execution-error',
  'execution-rolled-back',
  'recommendation-verified',
];
