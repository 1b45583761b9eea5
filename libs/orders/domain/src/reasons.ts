import * as t from 'io-ts';

/** Why an order (or one of its fields) was rejected: `path` names the field ("contact-info.email", "(order)"). */
export const Reason = t.type({ path: t.string, message: t.string });
export type Reason = t.TypeOf<typeof Reason>;

export const OrderPath = '(order)';

const pathOf = (context: t.Context, whole: string): string =>
  context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.') || whole;

/**
 * One reason per io-ts error, with the field's path from the error's context, in the order io-ts found them; an
 * error about the value as a whole is named `whole`.
 */
export const reasonsOf = (errors: t.Errors, whole: string = OrderPath): Reason[] =>
  errors.map((error) => ({
    path: pathOf(error.context, whole),
    message:
      error.message ??
      (error.value === undefined ? 'missing' : `must be ${error.context[error.context.length - 1]?.type.name ?? 'valid'}`),
  }));

export const formatReason = (reason: Reason): string => `${reason.path}: ${reason.message}`;
