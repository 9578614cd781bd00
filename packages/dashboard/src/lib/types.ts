/**
 * Shapes of the server's HTTP API as the dashboard reads them. The dashboard
 * depends on the API only (never on the server's packages), so these mirror
 * the JSON answers; fields the dashboard does not use are left out.
 */

export type Role = 'admin' | 'approver' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string;
}

/** POST /api/auth/login and /api/auth/refresh. */
export interface SessionAnswer {
  accessToken: string;
  refreshToken: string;
  tokenType?: 'Bearer';
  /** When the access token expires (ISO 8601). */
  expiresAt: string;
  user: User;
}

export interface CalculationInput {
  value: number | string | boolean;
  unit?: string;
  description?: string;
  source?: string;
}

export interface CalculationStep {
  label: string;
  expression: string;
  value: number;
  unit?: string;
}

/** How a number was obtained: enough for a person to recompute it by hand. */
export interface Calculation {
  method: string;
  inputs: Record<string, CalculationInput>;
  formula: string;
  steps: CalculationStep[];
  result: { value: number; unit: string };
  notes?: string[];
}

export interface Kpi {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  calculation: Calculation | null;
  notes: string[];
}

export interface BreakdownRow {
  key: string;
  cost: number;
  share: number;
  records: number;
}

export interface KpiSummary {
  asOf: string;
  currency: string;
  kpis: {
    monthlySpend: Kpi;
    lastMonthSpend?: Kpi;
    ytdSpend: Kpi;
    monthlyRunRate?: Kpi;
    identifiedSavings: Kpi;
    realizedSavings: Kpi;
    wastePercent: Kpi;
    monthOverMonth: Kpi;
  };
  breakdown: {
    window: { name: string; start: string; end: string };
    total: number;
    byService: BreakdownRow[];
    byResourceType: BreakdownRow[];
    calculations?: { byService: Calculation; byResourceType: Calculation };
  };
}

export type CostGroupBy = 'service' | 'resourceType';

export interface CostHistoryMonth {
  month: string;
  start: string;
  end: string;
  total: number;
  groups: Record<string, number>;
  records: number;
  partial: boolean;
}

export interface CostHistory {
  asOf: string;
  currency: string;
  groupBy: CostGroupBy | null;
  months: CostHistoryMonth[];
  calculation: Calculation;
}

export type RecommendationStatus =
  | 'open'
  | 'pending-approval'
  | 'approved'
  | 'rejected'
  | 'executing'
  | 'executed'
  | 'failed'
  | 'verified'
  | 'rolled-back'
  | 'superseded'
  | 'dismissed';

export const RECOMMENDATION_STATUSES: readonly RecommendationStatus[] = [
  'open',
  'pending-approval',
  'approved',
  'rejected',
  'executing',
  'executed',
  'failed',
  'verified',
  'rolled-back',
  'superseded',
  'dismissed',
];

export type ExecutionMode = 'autonomous' | 'hitl';

export interface Evidence {
  metric: string;
  statistic: string;
  value: number;
  unit?: string;
  window?: { start: string; end: string };
}

export interface Action {
  type: string;
  from?: string;
  to?: string;
  [key: string]: unknown;
}

export interface Recommendation {
  id: string;
  key: string;
  resourceId: string;
  provider: string;
  service: string;
  resourceKind: string;
  region: string;
  account: string;
  resourceTags: Record<string, string>;
  kind: string;
  action: Action;
  title: string;
  summary?: string;
  estimatedMonthlySavings: number;
  currency: string;
  confidence: number;
  risk: 'low' | 'medium' | 'high' | string;
  engine: string;
  calculation: Calculation;
  evidence: Evidence[];
  status: RecommendationStatus;
  executionMode: ExecutionMode | null;
  policyRuleId: string | null;
  statusReason?: string;
  realizedMonthlySavings?: number;
  lastExecutionId?: string;
  createdAt: string;
  updatedAt: string;
  /** estimatedMonthlySavings × confidence (added by the list, top and detail routes). */
  priority?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface TopRecommendations {
  items: Recommendation[];
  formula: string;
}

export interface Actor {
  type: string;
  id: string;
  role?: Role;
}

export interface ApprovalStage {
  name: string;
  roles: Role[];
  approvals?: number;
}

export interface ApprovalDecision {
  stage: number;
  stageName: string;
  actor: Actor;
  decision: 'approve' | 'reject';
  reason?: string;
  at: string;
}

export interface Approval {
  id: string;
  recommendationId: string;
  policyRuleId: string | null;
  stages: ApprovalStage[];
  distinctApprovers: boolean;
  currentStage: number;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  decisions: ApprovalDecision[];
  createdAt: string;
  updatedAt: string;
}

export interface ResourceRecord {
  id: string;
  provider: string;
  region: string;
  service: string;
  kind: string;
  type: string;
  state: string;
  name?: string;
  tags: Record<string, string>;
  hourlyPrice?: number;
  currency?: string;
}

export interface ExecutionOutcome {
  dryRun: boolean;
  status: 'succeeded' | 'failed';
  applied: boolean;
  message: string;
  at: string;
}

export type ExecutionStatus = 'pending' | 'dry-run' | 'running' | 'succeeded' | 'failed' | 'rolled-back';

export interface Execution {
  id: string;
  recommendationId: string;
  resourceId: string;
  status: ExecutionStatus;
  actor: Actor;
  plan: { steps: string[]; warnings: string[]; reversible: boolean };
  dryRun?: ExecutionOutcome;
  outcome?: ExecutionOutcome;
  rollback?: ExecutionOutcome;
  error?: { message: string; code: string };
  startedAt: string;
  finishedAt?: string;
}

/** GET /api/recommendations/:id */
export interface RecommendationDetail {
  recommendation: Recommendation;
  approval: Approval | null;
  executions: Execution[];
  resource: ResourceRecord | null;
}

/** One metric of a resource: parallel arrays of epoch milliseconds and values. */
export interface MetricSeries {
  resourceId: string;
  metric: string;
  unit: string;
  statistic: string;
  periodSeconds: number;
  timestamps: number[];
  values: number[];
}

export interface ResourceMetrics {
  resourceId: string;
  window: { start: string; end: string };
  series: MetricSeries[];
}

export interface CycleTelemetry {
  cycleId: number;
  at: string;
  durationMs: number;
  resources: number;
  analyzed: number;
  created?: number;
  updated?: number;
  executed: number;
  verified: number;
  errors: number;
  queueDepth?: number;
}

/** GET /api/telemetry */
export interface Telemetry {
  running: boolean;
  pipeline: {
    scan: { resources: number };
    analyze: { analyzedLastCycle: number; perMinute: number | null };
    policy: { live: number; autonomous: number; hitl: number };
    approval: { pending: number };
    execution: { executing: number; executed: number; failed: number; perMinute: number | null };
    verification: { verified: number; perMinute: number | null };
  };
  /** A number, or one depth per queue (`{ provider, executions }`). */
  queueDepth: number | Record<string, number>;
  cycles: CycleTelemetry[];
  notes?: string[];
}

/** GET /api/config/status */
export interface ConfigStatus {
  provider: { id: string; simulated: boolean };
  cloudCredentials: boolean;
  aiKey: boolean;
  executionEnabled: boolean;
  engines: Record<string, boolean>;
  database: string;
  issues: string[];
}

export interface BatchResult {
  action: 'approve' | 'reject';
  succeeded: number;
  failed: number;
  results: (
    | { id: string; ok: true; approval: Approval }
    | { id: string; ok: false; status: number; error: { code: string; message: string } }
  )[];
}

/** One message of the live stream (`/ws`). */
export interface StreamMessage {
  type: string;
  seq: number;
  at: string;
  payload: Record<string, unknown>;
}
