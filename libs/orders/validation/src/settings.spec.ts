import * as E from 'fp-ts/Either';
import { decodeEnvironment, decodeValidatorInput, describeError } from './settings';

describe('validator environment', () => {
  it('decodes the threshold and defaults the log level and service name', () => {
    expect(decodeEnvironment({ HIGH_VALUE_THRESHOLD: '400' })).toEqual(
      E.right({ HIGH_VALUE_THRESHOLD: 400, LOG_LEVEL: 'INFO', POWERTOOLS_SERVICE_NAME: 'order-validator' }),
    );
    expect(decodeEnvironment({ HIGH_VALUE_THRESHOLD: '99.5', LOG_LEVEL: 'debug', POWERTOOLS_SERVICE_NAME: 'v' })).toEqual(
      E.right({ HIGH_VALUE_THRESHOLD: 99.5, LOG_LEVEL: 'DEBUG', POWERTOOLS_SERVICE_NAME: 'v' }),
    );
  });

  it.each([
    [{}, 'invalid environment: HIGH_VALUE_THRESHOLD: missing; must be a number greater than 0'],
    [{ HIGH_VALUE_THRESHOLD: 'four hundred' }, 'invalid environment: HIGH_VALUE_THRESHOLD: must be a number greater than 0 (got "four hundred")'],
    [{ HIGH_VALUE_THRESHOLD: '0' }, 'invalid environment: HIGH_VALUE_THRESHOLD: must be a number greater than 0 (got "0")'],
    [{ HIGH_VALUE_THRESHOLD: '400', LOG_LEVEL: 'LOUD' }, 'invalid environment: LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (got "LOUD")'],
  ])('names the variable that is wrong: %j', (environment, message) => {
    const result = decodeEnvironment(environment);
    expect(E.isLeft(result) && describeError(result.left)).toBe(message);
  });
});

describe('validator input', () => {
  it('accepts a batch with or without a version id', () => {
    expect(E.isRight(decodeValidatorInput({ Items: [{ index: 0, order: 1 }], BatchInput: { bucket: 'b', key: 'k' } }))).toBe(true);
    expect(E.isRight(decodeValidatorInput({ Items: [], BatchInput: { bucket: 'b', key: 'k', versionId: null } }))).toBe(true);
  });

  it('rejects a malformed envelope with the paths at fault', () => {
    const result = decodeValidatorInput({ Items: [{ order: {} }], BatchInput: { bucket: 3 } });
    expect(E.isLeft(result) && describeError(result.left)).toBe(
      'invalid validator input (expected { Items: [{ index, order }], BatchInput: { bucket, key, versionId } }): ' +
        'Items.0.index: missing; BatchInput.bucket: must be string; BatchInput.key: missing',
    );
  });
});
