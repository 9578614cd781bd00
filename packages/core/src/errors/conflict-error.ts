import { FinopsError } from './finops-error.js';

/** A write collided with existing data (unique key, concurrent update). */
export class ConflictError extends FinopsError {
  readonly entity: string;

  constructor({ entity, message, cause }: { entity: string; message: string; cause?: unknown }) {
    super({ message, code: 'CONFLICT', cause });
    this.name = 'ConflictError';
    this.entity = entity;
  }
}
