import { humanize } from '../lib/format.js';
import type { ExecutionMode, RecommendationStatus } from '../lib/types.js';

const MODE_TEXT: Record<ExecutionMode, { label: string; title: string }> = {
  autonomous: { label: 'Autonomous', title: 'Policy lets this run without a person' },
  hitl: { label: 'HITL', title: 'Human in the loop: a person approves before it runs' },
};

/** Execution mode (decided by policy); `Unrouted` before policy has seen it. */
export function ModeBadge({ mode }: { mode: ExecutionMode | null }) {
  if (!mode)
    return (
      <span className="badge badge-muted" title="Not routed by policy yet">
        <span className="visually-hidden">Mode: </span>Unrouted
      </span>
    );
  const text = MODE_TEXT[mode];
  return (
    <span className={`badge badge-mode-${mode}`} title={text.title}>
      <span className="visually-hidden">Mode: </span>
      {text.label}
    </span>
  );
}

const STATUS_TONE: Record<string, string> = {
  open: 'info',
  'pending-approval': 'warn',
  approved: 'info',
  rejected: 'muted',
  executing: 'progress',
  executed: 'good',
  verified: 'good',
  failed: 'bad',
  'rolled-back': 'muted',
  superseded: 'muted',
  dismissed: 'muted',
  pending: 'warn',
  'dry-run': 'progress',
  running: 'progress',
  succeeded: 'good',
  cancelled: 'muted',
};

/** A lifecycle status (recommendation, approval or execution). */
export function StatusBadge({ status, label }: { status: RecommendationStatus | string; label?: string }) {
  return (
    <span className={`badge badge-${STATUS_TONE[status] ?? 'muted'}`} data-status={status}>
      <span className="visually-hidden">{label ?? 'Status'}: </span>
      {humanize(status)}
    </span>
  );
}

export function RiskBadge({ risk }: { risk: string }) {
  const tone = risk === 'high' ? 'bad' : risk === 'medium' ? 'warn' : 'good';
  return (
    <span className={`badge badge-outline badge-${tone}`}>
      <span className="visually-hidden">Risk: </span>
      {humanize(risk)} risk
    </span>
  );
}
