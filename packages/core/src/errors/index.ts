export { ConflictError } from './conflict-error.js';
export { ExecutionError } from './execution-error.js';
export { FinopsError, type FinopsErrorCode, type FinopsErrorOptions } from './finops-error.js';
export { IllegalTransitionError } from './illegal-transition-error.js';
export { type InputIssue, InvalidInputError } from './invalid-input-error.js';
export { NoSuchPriceError } from './no-such-price-error.js';
export { NotFoundError } from './not-found-error.js';
export { UnsupportedCapabilityError } from './unsupported-capability-error.js';
