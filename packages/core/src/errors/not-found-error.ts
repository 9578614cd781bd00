import { FinopsError } from './finops-error.js';

/** A record, resource or price does not exist (in the caller's tenant). */
export class NotFoundError extends FinopsError {
  readonly entity: string;
  readonly id: string;

  constructor({ entity, id, message }: { entity: string; id: string; message?: string }) {
    super({ message: message ?? `No such ${entity}: ${id}`, code: 'NOT_FOUND' });
    this.name = 'NotFoundError';
    this.entity = entity;
    this.id = id;
  }
}
