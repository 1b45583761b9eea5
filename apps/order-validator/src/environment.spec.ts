import { startLambda } from '@sales-pipeline/lambda-runtime';
import { ValidatorEnvironment } from './environment';

describe('validator environment', () => {
  it('decodes the threshold and defaults the log level and service name', () => {
    expect(startLambda(ValidatorEnvironment, { HIGH_VALUE_THRESHOLD: '400' }).config).toEqual({
      HIGH_VALUE_THRESHOLD: 400,
      LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'order-validator',
    });
    expect(startLambda(ValidatorEnvironment, { HIGH_VALUE_THRESHOLD: '99.5', LOG_LEVEL: 'debug', POWERTOOLS_SERVICE_NAME: 'v' }).config).toEqual({
      HIGH_VALUE_THRESHOLD: 99.5,
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_SERVICE_NAME: 'v',
    });
  });

  it.each([
    [{}, 'invalid environment: HIGH_VALUE_THRESHOLD: missing; must be a number greater than 0'],
    [{ HIGH_VALUE_THRESHOLD: 'four hundred' }, 'invalid environment: HIGH_VALUE_THRESHOLD: must be a number greater than 0 (got "four hundred")'],
    [{ HIGH_VALUE_THRESHOLD: '0' }, 'invalid environment: HIGH_VALUE_THRESHOLD: must be a number greater than 0 (got "0")'],
    [{ HIGH_VALUE_THRESHOLD: '400', LOG_LEVEL: 'LOUD' }, 'invalid environment: LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (got "LOUD")'],
  ])('fails the cold start with a ConfigurationError naming the variable that is wrong: %j', (environment, message) => {
    expect(() => startLambda(ValidatorEnvironment, environment)).toThrow(expect.objectContaining({ name: 'ConfigurationError', message }));
  });
});
