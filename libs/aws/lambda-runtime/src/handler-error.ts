import { formatReason, type Reason } from '@sales-pipeline/orders-domain';

/**
 * What a handler throws at its edge: an Error whose name is the failure's `_tag`, so that Lambda reports it as the
 * errorType and Step Functions' Retry and Catch match it by that name.
 */
export class HandlerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** A function whose environment its codec refuses: thrown at cold start, naming each wrong variable. */
export class ConfigurationError extends HandlerError {
  constructor(readonly reasons: readonly Reason[]) {
    super('ConfigurationError', `invalid environment: ${reasons.map(formatReason).join('; ')}`);
  }
}

/** A failure of a handler's work: its `_tag` becomes the errorType Lambda reports. */
export interface TaggedError {
  readonly _tag: string;
}

export const handlerError =
  <F extends TaggedError>(describe: (failure: F) => string) =>
  (failure: F): HandlerError =>
    new HandlerError(failure._tag, describe(failure));
