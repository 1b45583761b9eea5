import * as E from 'fp-ts/Either';
import { decodeValidatorInput, describeInvalidInput } from './settings';

describe('validator input', () => {
  it('accepts a batch with or without a version id', () => {
    expect(E.isRight(decodeValidatorInput({ Items: [{ index: 0, order: 1 }], BatchInput: { bucket: 'b', key: 'k' } }))).toBe(true);
    expect(E.isRight(decodeValidatorInput({ Items: [], BatchInput: { bucket: 'b', key: 'k', versionId: null } }))).toBe(true);
  });

  it('rejects a malformed envelope with the paths at fault', () => {
    const result = decodeValidatorInput({ Items: [{ order: {} }], BatchInput: { bucket: 3 } });
    expect(E.isLeft(result) && describeInvalidInput(result.left)).toBe(
      'invalid validator input (expected { Items: [{ index, order }], BatchInput: { bucket, key, versionId } }): ' +
        'Items.0.index: missing; BatchInput.bucket: must be string; BatchInput.key: missing',
    );
  });
});
