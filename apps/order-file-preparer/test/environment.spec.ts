import { startLambda } from '@sales-pipeline/lambda-runtime';
import { PreparerEnvironment } from '../src/environment';

describe('order-file-preparer environment', () => {
  it('decodes the prepared prefix and defaults the log level and service name', () => {
    expect(startLambda(PreparerEnvironment, { PREPARED_PREFIX: 'prepared/' }).config).toEqual({
      PREPARED_PREFIX: 'prepared/',
      LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'order-file-preparer',
    });
    expect(startLambda(PreparerEnvironment, { PREPARED_PREFIX: 'lake/prepared/', LOG_LEVEL: 'warn' }).config).toMatchObject({
      PREPARED_PREFIX: 'lake/prepared/',
      LOG_LEVEL: 'WARN',
    });
  });

  it.each([
    [{}, 'invalid environment: PREPARED_PREFIX: missing; must be a key prefix ending with /'],
    [{ PREPARED_PREFIX: 'prepared' }, 'invalid environment: PREPARED_PREFIX: must be a key prefix ending with / (got "prepared")'],
    [{ PREPARED_PREFIX: '/prepared/' }, 'invalid environment: PREPARED_PREFIX: must be a key prefix ending with / (got "/prepared/")'],
    [{ PREPARED_PREFIX: 'prepared//' }, 'invalid environment: PREPARED_PREFIX: must be a key prefix ending with / (got "prepared//")'],
  ])('fails the cold start with a ConfigurationError naming the variable that is wrong: %j', (environment, message) => {
    expect(() => startLambda(PreparerEnvironment, environment)).toThrow(expect.objectContaining({ name: 'ConfigurationError', message }));
  });
});
