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
