import { startLambda } from '@sales-pipeline/lambda-runtime';
import { GeneratorEnvironment, generationSettings } from '../src/environment';

const configOf = (environment: Record<string, string>) => startLambda(GeneratorEnvironment, environment).config;

describe('sales-generator environment', () => {
  it('applies the defaults to a minimal environment', () => {
    const config = configOf({ DATA_LAKE_BUCKET: 'sales-pipeline-dev-data-lake-123456789012-eu-west-1' });
    expect(config).toMatchObject({ LOG_LEVEL: 'INFO', POWERTOOLS_SERVICE_NAME: 'sales-generator' });
    expect(generationSettings(config)).toEqual({
      bucket: 'sales-pipeline-dev-data-lake-123456789012-eu-west-1',
      ordersPerFile: 100,
      invalidShare: 0.1,
      highValueThreshold: 400,
    });
  });

  it('reads every variable', () => {
    const config = configOf({
      DATA_LAKE_BUCKET: 'lake',
      ORDERS_PER_FILE: '10000',
      INVALID_SHARE: '0',
      HIGH_VALUE_THRESHOLD: '250.5',
      LOG_LEVEL: 'debug',
      POWERTOOLS_SERVICE_NAME: 'sales-pipeline-dev-sales-generator',
    });
    expect(config).toMatchObject({ LOG_LEVEL: 'DEBUG', POWERTOOLS_SERVICE_NAME: 'sales-pipeline-dev-sales-generator' });
    expect(generationSettings(config)).toEqual({ bucket: 'lake', ordersPerFile: 10000, invalidShare: 0, highValueThreshold: 250.5 });
  });

  it('fails the cold start with a ConfigurationError naming every misconfigured variable and what it must be', () => {
    expect(() => configOf({ ORDERS_PER_FILE: '0', INVALID_SHARE: '1.5', HIGH_VALUE_THRESHOLD: 'lots', LOG_LEVEL: 'LOUD' })).toThrow(
      expect.objectContaining({
        name: 'ConfigurationError',
        message:
          'invalid environment: DATA_LAKE_BUCKET: missing; must be an S3 bucket name; ' +
          'ORDERS_PER_FILE: must be an integer from 1 to 10000 (got "0"); ' +
          'INVALID_SHARE: must be a number from 0 to 1 (got "1.5"); ' +
          'HIGH_VALUE_THRESHOLD: must be a number of at least 0 (got "lots"); ' +
          'LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (got "LOUD")',
      }),
    );
  });

  it('refuses fractional counts and bucket names S3 would refuse', () => {
    expect(() => configOf({ DATA_LAKE_BUCKET: 'My_Bucket', ORDERS_PER_FILE: '2.5' })).toThrow(
      /^invalid environment: DATA_LAKE_BUCKET: must be an S3 bucket name \(got "My_Bucket"\); ORDERS_PER_FILE: must be an integer/,
    );
  });
});
