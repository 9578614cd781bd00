import { FinopsError } from './finops-error.js';

/** The price catalog has no entry for a service, region and type. */
export class NoSuchPriceError extends FinopsError {
  readonly service: string;
  readonly region: string;
  readonly type: string;

  constructor({
    service,
    region,
    type,
    message,
  }: { service: string; region: string; type: string; message?: string }) {
    super({
      message: message ?? `No price for ${service} type "${type}" in region "${region}"`,
      code: 'NO_SUCH_PRICE',
    });
    this.name = 'NoSuchPriceError';
    this.service = service;
    this.region = region;
    this.type = type;
  }
}
