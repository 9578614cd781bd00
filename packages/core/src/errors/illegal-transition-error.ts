import { FinopsError } from './finops-error.js';

/** A state machine (recommendation status, approval) refused a step. Nothing was changed. */
export class IllegalTransitionError extends FinopsError {
  readonly entity: string;
  readonly from: string;
  readonly attempted: string;

  constructor({
    entity,
    from,
    attempted,
    reason,
  }: {
    entity: string;
    from: string;
    attempted: string;
    reason: string;
  }) {
    super({
      message: `Cannot ${attempted} ${entity} in state "${from}": ${reason}`,
      code: 'ILLEGAL_TRANSITION',
    });
    this.name = 'IllegalTransitionError';
    this.entity = entity;
    this.from = from;
    this.attempted = attempted;
  }
}
