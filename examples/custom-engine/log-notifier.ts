import type { AutopilotEvent, AutopilotEventType, NotifierV1 } from '@finops-autopilot/core';

/** Options of {@link createLogNotifier}. */
export interface LogNotifierOptions {
  /** Event types to deliver. @default ['approval-requested', 'execution-end', 'execution-error'] */
  types?: readonly AutopilotEventType[];
  /** Where each line goes. @default console.log */
  write?: (line: string) => void;
}

/** A minimal notifier: one line per event of the chosen types. Swap `write` for Slack, e-mail or a webhook. */
export function createLogNotifier(options: LogNotifierOptions = {}): NotifierV1 {
  const types = new Set(options.types ?? ['approval-requested', 'execution-end', 'execution-error']);
  const write = options.write ?? ((line: string) => console.log(line));
  return {
    specificationVersion: 'v1',
    notifierId: 'log',
    accepts: (event) => types.has(event.type),
    async send(event: AutopilotEvent) {
      switch (event.type) {
        case 'approval-requested':
          write(`[notify] approval needed for ${event.payload.approval.recommendationId}`);
          break;
        case 'execution-end':
        case 'execution-error':
          write(`[notify] ${event.payload.execution.resourceId}: ${event.payload.execution.status}`);
          break;
        default:
          write(`[notify] #${event.seq} ${event.type}`);
      }
    },
  };
}
