import type { AutopilotEvent, Recommendation } from '@finops-autopilot/core';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

function describe(recommendation: Recommendation): string {
  const action = recommendation.action;
  const what =
    'from' in action && 'to' in action && action.from && action.to
      ? `${action.type} ${action.from} → ${action.to}`
      : action.type;
  return `${recommendation.resourceId} ${recommendation.kind}: ${what}`;
}

/** One readable line per event, or undefined for events not worth a line. */
export function formatEvent(event: AutopilotEvent): string | undefined {
  const time = event.at.slice(11, 19);
  const line = (text: string) => `${time}  ${text}`;
  switch (event.type) {
    case 'cycle-start':
      return line(`── cycle ${event.payload.cycleId}`);
    case 'cycle-end': {
      const s = event.payload.stats;
      return line(
        `── cycle ${event.payload.cycleId} done in ${event.payload.durationMs.toFixed(0)} ms: ${s.resources} resources, ` +
          `${s.analyzed} analyzed, ${s.created} new, ${s.updated} updated, ${s.superseded} superseded, ` +
          `${s.executed} executed, ${s.verified} verified, ${s.errors} errors`,
      );
    }
    case 'cycle-error':
      return line(`!! cycle ${event.payload.cycleId} error: ${event.payload.message}`);
    case 'engine-diagnostic':
      return event.payload.diagnostic.level === 'info'
        ? undefined
        : line(`!  ${event.payload.engine}: ${event.payload.diagnostic.message}`);
    case 'recommendation-created': {
      const r = event.payload.recommendation;
      const amount =
        r.estimatedMonthlySavings >= 0
          ? `saves ${money.format(r.estimatedMonthlySavings)}/month`
          : `costs ${money.format(-r.estimatedMonthlySavings)}/month (performance fix)`;
      return line(
        `+  ${describe(r)}  ${amount}  (confidence ${(r.confidence * 100).toFixed(0)}%, risk ${r.risk})`,
      );
    }
    case 'recommendation-updated':
      return line(
        `~  ${describe(event.payload.recommendation)} updated (${event.payload.changed.join(', ')})`,
      );
    case 'recommendation-status': {
      const { from, to, reason, recommendation } = event.payload;
      const mode = recommendation.executionMode ? ` [${recommendation.executionMode}]` : '';
      return line(`   ${recommendation.resourceId} ${from} → ${to}${mode}${reason ? `: ${reason}` : ''}`);
    }
    case 'approval-requested':
      return line(
        `?  awaiting approval: ${event.payload.approval.stages.map((stage) => stage.name).join(' → ')}`,
      );
    case 'approval-decided':
      return line(
        `✎  ${event.payload.decision.actor.id} ${event.payload.decision.decision}d stage "${event.payload.decision.stageName}"`,
      );
    case 'execution-start':
      return line(
        `▶  executing ${event.payload.execution.resourceId}: ${event.payload.execution.plan.steps.join('; ')}`,
      );
    case 'execution-dry-run':
      return line(`   dry run passed: ${event.payload.execution.dryRun?.message ?? ''}`);
    case 'execution-end':
      return line(
        `✔  executed ${event.payload.execution.resourceId}: ${event.payload.execution.outcome?.message ?? ''}`,
      );
    case 'execution-error':
      return line(`✖  execution of ${event.payload.execution.resourceId} failed: ${event.payload.message}`);
    case 'execution-rolled-back':
      return line(`↺  rolled back ${event.payload.execution.resourceId}`);
    case 'recommendation-verified':
      return line(
        `✓  verified ${event.payload.recommendation.resourceId}: realized ${money.format(event.payload.realizedMonthlySavings)}/month ` +
          `(estimated ${money.format(event.payload.recommendation.estimatedMonthlySavings)})`,
      );
    default:
      return undefined;
  }
}
