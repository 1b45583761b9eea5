import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/**
 * The codec with one failure in words a person can act on in place of io-ts's own errors. A field that is absent
 * is reported as "missing"; `describe` explains what a present but wrong value must be.
 */
export const described = <A, O>(codec: t.Type<A, O, unknown>, describe: (actual: unknown) => string) =>
  new t.Type<A, O, unknown>(
    codec.name,
    codec.is,
    (input, context) => {
      const result = codec.validate(input, context);
      return E.isLeft(result) ? t.failure(input, context, input === undefined ? 'missing' : describe(input)) : result;
    },
    codec.encode,
  );
