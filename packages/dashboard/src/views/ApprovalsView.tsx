import { useMemo, useState } from 'react';
import { useApp } from '../app/context.js';
import { useResource, useTitle } from '../app/hooks.js';
import { isRecommendationEvent } from '../app/live-messages.js';
import { ModeBadge, StatusBadge } from '../components/Badges.js';
import { DecisionForm } from '../components/DecisionForm.js';
import { Link } from '../components/Link.js';
import { Modal } from '../components/Modal.js';
import { Async, Empty } from '../components/States.js';
import { canApprove, type Decision, decisionRight, stageLabel } from '../lib/approval.js';
import { formatConfidence, formatDateTime, formatMonthly, formatNumber, humanize } from '../lib/format.js';
import { pathOf } from '../lib/router.js';
import type { Approval, BatchResult, Page, Recommendation } from '../lib/types.js';

export interface InboxRow {
  recommendation: Recommendation;
  approval: Approval | undefined;
}

/** Pending recommendations joined with their pending approvals (by recommendation id). */
export function joinInbox(
  recommendations: readonly Recommendation[],
  approvals: readonly Approval[],
): InboxRow[] {
  const byRecommendation = new Map(approvals.map((approval) => [approval.recommendationId, approval]));
  return recommendations.map((recommendation) => ({
    recommendation,
    approval: byRecommendation.get(recommendation.id),
  }));
}

const INBOX_LIMIT = 100;

function History() {
  const state = useResource<{ items: Approval[] }>(
    'approvals-history',
    async (api, signal) => {
      const [approved, rejected] = await Promise.all([
        api.get<{ items: Approval[] }>('/api/approvals', { status: 'approved', limit: 25 }, signal),
        api.get<{ items: Approval[] }>('/api/approvals', { status: 'rejected', limit: 25 }, signal),
      ]);
      const items = [...approved.items, ...rejected.items].sort((a, b) =>
        b.updatedAt.localeCompare(a.updatedAt),
      );
      return { items: items.slice(0, 25) };
    },
    { refreshOn: (message) => message.type === 'approval-decided', throttleMs: 1000 },
  );
  return (
    <Async state={state} loadingLabel="Loading decisions…">
      {(data) =>
        data.items.length === 0 ? (
          <Empty title="No decisions yet" />
        ) : (
          <ul className="history">
            {data.items.map((approval) => {
              const last = approval.decisions[approval.decisions.length - 1];
              return (
                <li key={approval.id}>
                  <StatusBadge status={approval.status} label="Approval" />{' '}
                  <Link to={pathOf({ name: 'recommendation', id: approval.recommendationId })}>
                    <code>{approval.recommendationId}</code>
                  </Link>{' '}
                  <span className="muted">
                    {formatDateTime(approval.updatedAt)}
                    {last?.reason ? ` — “${last.reason}”` : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        )
      }
    </Async>
  );
}

/** The approvals inbox: what waits for a person, with approve / reject per row and in batches (approvers and admins). */
export function ApprovalsView() {
  useTitle('Approvals');
  const { api, session, announce } = useApp();
  const user = session?.user ?? null;
  const mayDecide = canApprove(user?.role);
  const state = useResource<{ rows: InboxRow[]; total: number }>(
    'approvals-inbox',
    async (client, signal) => {
      const [recommendations, approvals] = await Promise.all([
        client.get<Page<Recommendation>>(
          '/api/recommendations',
          { mode: 'pending', sort: 'estimatedMonthlySavings', order: 'desc', limit: INBOX_LIMIT },
          signal,
        ),
        client.get<{ items: Approval[] }>('/api/approvals', { status: 'pending', limit: 500 }, signal),
      ]);
      return { rows: joinInbox(recommendations.items, approvals.items), total: recommendations.total };
    },
    { refreshOn: isRecommendationEvent, throttleMs: 600 },
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<{ decision: Decision; ids: string[]; title: string } | null>(null);
  const [result, setResult] = useState<BatchResult | null>(null);

  const rows = state.data?.rows ?? [];
  const decidable = useMemo(
    () =>
      rows
        .filter((row) => decisionRight(row.approval ?? null, user).allowed)
        .map((row) => row.recommendation.id),
    [rows, user],
  );
  const selectedIds = decidable.filter((id) => selected.has(id));
  const allSelected = decidable.length > 0 && selectedIds.length === decidable.length;

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function decide(decision: Decision, ids: string[], reason: string) {
    if (ids.length === 1) {
      await api.post(
        `/api/recommendations/${encodeURIComponent(ids[0] as string)}/${decision}`,
        reason ? { reason } : {},
      );
      announce(decision === 'approve' ? 'Approved.' : 'Rejected.', 'success');
      setResult(null);
    } else {
      const answer = await api.post<BatchResult>('/api/approvals/batch', {
        action: decision,
        ids,
        ...(reason ? { reason } : {}),
      });
      setResult(answer);
      announce(
        `${answer.succeeded} ${decision === 'approve' ? 'approved' : 'rejected'}${answer.failed ? `, ${answer.failed} failed` : ''}.`,
        answer.failed ? 'error' : 'success',
      );
    }
    setSelected(new Set());
    setDialog(null);
    state.reload();
  }

  return (
    <div className="view view-approvals">
      <div className="view-header">
        <h1>Approvals</h1>
        <p className="muted">
          Recommendations that policy routed to a person (HITL) and that wait for a decision now.
          {mayDecide ? '' : ' You can follow them; approvers and admins decide.'}
        </p>
      </div>

      <section className="card section" aria-labelledby="inbox-title">
        <div className="section-header">
          <h2 id="inbox-title">
            Inbox{state.data ? <span className="muted"> ({formatNumber(state.data.total)})</span> : null}
          </h2>
          {mayDecide && rows.length > 0 ? (
            <fieldset className="batch-actions">
              <legend className="visually-hidden">Batch actions</legend>
              <span className="muted" aria-live="polite">
                {selectedIds.length} selected
              </span>
              <button
                type="button"
                className="button button-primary button-small"
                disabled={selectedIds.length === 0}
                onClick={() =>
                  setDialog({
                    decision: 'approve',
                    ids: selectedIds,
                    title: `Approve ${selectedIds.length} recommendations`,
                  })
                }
              >
                Approve selected
              </button>
              <button
                type="button"
                className="button button-danger button-small"
                disabled={selectedIds.length === 0}
                onClick={() =>
                  setDialog({
                    decision: 'reject',
                    ids: selectedIds,
                    title: `Reject ${selectedIds.length} recommendations`,
                  })
                }
              >
                Reject selected
              </button>
            </fieldset>
          ) : null}
        </div>
        {result ? (
          <div className={result.failed ? 'banner banner-warn' : 'banner banner-info'} role="status">
            <p>
              {result.succeeded} {result.action === 'approve' ? 'approved' : 'rejected'}, {result.failed}{' '}
              failed.
            </p>
            {result.failed ? (
              <ul>
                {result.results
                  .filter((item) => !item.ok)
                  .map((item) => (
                    <li key={item.id}>
                      <code>{item.id}</code>: {'error' in item ? item.error.message : ''}
                    </li>
                  ))}
              </ul>
            ) : null}
            <button type="button" className="link-button" onClick={() => setResult(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        <Async state={state} loadingLabel="Loading the inbox…" errorTitle="Could not load the inbox">
          {(data) =>
            data.rows.length === 0 ? (
              <Empty title="Nothing waits for a decision">
                New HITL recommendations land here after policy routes them.
              </Empty>
            ) : (
              <div className="table-scroll" tabIndex={-1}>
                <table className="inbox-table">
                  <caption className="visually-hidden">
                    Recommendations waiting for approval, largest savings first
                  </caption>
                  <thead>
                    <tr>
                      {mayDecide ? (
                        <th scope="col" className="check">
                          <input
                            type="checkbox"
                            aria-label="Select every recommendation you can decide"
                            checked={allSelected}
                            disabled={decidable.length === 0}
                            onChange={() => setSelected(allSelected ? new Set() : new Set(decidable))}
                          />
                        </th>
                      ) : null}
                      <th scope="col">Recommendation</th>
                      <th scope="col">Stage</th>
                      <th scope="col" className="num">
                        Savings
                      </th>
                      <th scope="col" className="num">
                        Confidence
                      </th>
                      {mayDecide ? <th scope="col">Decide</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map(({ recommendation, approval }) => {
                      const right = decisionRight(approval ?? null, user);
                      return (
                        <tr key={recommendation.id} data-recommendation={recommendation.id}>
                          {mayDecide ? (
                            <td className="check">
                              <input
                                type="checkbox"
                                aria-label={`Select “${recommendation.title}”`}
                                checked={selected.has(recommendation.id) && right.allowed}
                                disabled={!right.allowed}
                                onChange={() => toggle(recommendation.id)}
                              />
                            </td>
                          ) : null}
                          <th scope="row">
                            <Link to={pathOf({ name: 'recommendation', id: recommendation.id })}>
                              {recommendation.title}
                            </Link>
                            <div className="badges">
                              <ModeBadge mode={recommendation.executionMode} />
                              <StatusBadge status={recommendation.status} />
                              <span className="muted small">
                                {humanize(recommendation.kind)} · {recommendation.service.toUpperCase()}
                              </span>
                            </div>
                          </th>
                          <td>
                            {approval ? stageLabel(approval) : <span className="muted">—</span>}
                            {approval ? (
                              <div className="muted small">
                                {approval.policyRuleId ? (
                                  <>
                                    rule <code>{approval.policyRuleId}</code>
                                  </>
                                ) : (
                                  'policy fallback (no rule matched)'
                                )}
                              </div>
                            ) : null}
                          </td>
                          <td className={recommendation.estimatedMonthlySavings < 0 ? 'num text-bad' : 'num'}>
                            {formatMonthly(recommendation.estimatedMonthlySavings, recommendation.currency)}
                          </td>
                          <td className="num">{formatConfidence(recommendation.confidence)}</td>
                          {mayDecide ? (
                            <td>
                              {right.allowed ? (
                                <div className="row-actions">
                                  <button
                                    type="button"
                                    className="button button-primary button-small"
                                    aria-label={`Approve “${recommendation.title}”`}
                                    onClick={() =>
                                      setDialog({
                                        decision: 'approve',
                                        ids: [recommendation.id],
                                        title: `Approve “${recommendation.title}”`,
                                      })
                                    }
                                  >
                                    Approve
                                  </button>
                                  <button
                                    type="button"
                                    className="button button-danger button-small"
                                    aria-label={`Reject “${recommendation.title}”`}
                                    onClick={() =>
                                      setDialog({
                                        decision: 'reject',
                                        ids: [recommendation.id],
                                        title: `Reject “${recommendation.title}”`,
                                      })
                                    }
                                  >
                                    Reject
                                  </button>
                                </div>
                              ) : (
                                <span className="muted small">{right.why}</span>
                              )}
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
        {state.data && state.data.total > INBOX_LIMIT ? (
          <p className="muted small">
            Showing the {INBOX_LIMIT} largest of {formatNumber(state.data.total)};{' '}
            <Link to={pathOf({ name: 'recommendations', search: 'mode=pending' })}>see them all</Link>.
          </p>
        ) : null}
      </section>

      <section className="card section" aria-labelledby="history-title">
        <h2 id="history-title">Recent decisions</h2>
        <History />
      </section>

      {dialog ? (
        <Modal title={dialog.title} onClose={() => setDialog(null)}>
          <DecisionForm
            decision={dialog.decision}
            subject={dialog.ids.length > 1 ? `${dialog.ids.length} recommendations` : undefined}
            onSubmit={(reason) => decide(dialog.decision, dialog.ids, reason)}
            onCancel={() => setDialog(null)}
          />
        </Modal>
      ) : null}
    </div>
  );
}
