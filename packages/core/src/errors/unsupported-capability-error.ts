import { FinopsError } from './finops-error.js';

/** An adapter was asked for something it does not do (e.g. rollback of a delete). */
export class UnsupportedCapabilityError extends FinopsError {
  readonly capability: string;

  constructor({ capability, message }: { capability: string; message?: string }) {
    super({ message: message ?? `Unsupported capability: ${capability}`, code: 'UNSUPPORTED_CAPABILITY' });
    this.name = 'UnsupportedCapabilityError';
    this.capability = capability;
  }
}
