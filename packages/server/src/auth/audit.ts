import type { Actor, AuditRepositoryV1 } from '@finops-autopilot/core';

/** What an audit event says; id, tenant and time are filled in. Never put passwords, hashes or tokens in `details`. */
export interface AuditEntry {
  actor: Actor;
  action: string;
  subject: { type: string; id: string };
  details?: Record<string, unknown>;
}

export function audit(
  repository: AuditRepositoryV1,
  tenantId: string,
  at: Date,
  entry: AuditEntry,
): Promise<void> {
  return repository.append({
    id: crypto.randomUUID(),
    tenantId,
    at: at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details ?? {},
  });
}

/** Someone not signed in (a failed login, a registration). */
export const ANONYMOUS: Actor = { id: 'anonymous', type: 'user' };

export const SYSTEM: Actor = { id: 'auth', type: 'system' };

export function userActor(user: { id: string; role: Actor['role'] }): Actor {
  return { id: user.id, type: 'user', role: user.role };
}
