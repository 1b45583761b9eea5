import * as E from 'fp-ts/Either';
import { ConfigurationError, decodeGeneratorConfig } from './configuration';

describe('decodeGeneratorConfig', () => {
  it('applies the defaults to a minimal environment', () => {
    expect(decodeGeneratorConfig({ DATA_LAKE_BUCKET: 'sales-pipeline-dev-data-lake-123456789012-eu-west-1' })).toEqual(
      E.right({
        bucket: 'sales-pipeline-dev-data-lake-123456789012-eu-west-1',
        ordersPerFile: 100,
        invalidShare: 0.1,
        highValueThreshold: 400,
        logLevel: 'INFO',
        serviceName: 'sales-generator',
      }),
    );
  });

  it('reads every variable', () => {
    expect(
      decodeGeneratorConfig({
        DATA_LAKE_BUCKET: 'lake',
        ORDERS_PER_FILE: '10000',
        INVALID_SHARE: '0',
        HIGH_VALUE_THRESHOLD: '250.5',
        LOG_LEVEL: 'debug',
        POWERTOOLS_SERVICE_NAME: 'sales-pipeline-dev-sales-generator',
      }),
    ).toEqual(
      E.right({
        bucket: 'lake',
        ordersPerFile: 10000,
        invalidShare: 0,
        highValueThreshold: 250.5,
        logLevel: 'DEBUG',
        serviceName: 'sales-pipeline-dev-sales-generator',
      }),
    );
  });

  it('names every misconfigured variable and what it must be', () => {
    const decoded = decodeGeneratorConfig({ ORDERS_PER_FILE: '0', INVALID_SHARE: '1.5', HIGH_VALUE_THRESHOLD: 'lots', LOG_LEVEL: 'LOUD' });
    expect(decoded).toEqual(
      E.left({
        _tag: 'InvalidConfiguration',
        reasons: [
          { path: 'DATA_LAKE_BUCKET', message: 'missing; must be an S3 bucket name' },
          { path: 'ORDERS_PER_FILE', message: 'must be an integer from 1 to 10000 (got "0")' },
          { path: 'INVALID_SHARE', message: 'must be a number from 0 to 1 (got "1.5")' },
          { path: 'HIGH_VALUE_THRESHOLD', message: 'must be a number of at least 0 (got "lots")' },
          { path: 'LOG_LEVEL', message: 'must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT (got "LOUD")' },
        ],
      }),
    );
  });

  it('refuses fractional counts and bucket names S3 would refuse', () => {
    const decoded = decodeGeneratorConfig({ DATA_LAKE_BUCKET: 'My_Bucket', ORDERS_PER_FILE: '2.5' });
    expect(E.isLeft(decoded) && decoded.left.reasons.map((reason) => reason.path)).toEqual(['DATA_LAKE_BUCKET', 'ORDERS_PER_FILE']);
  });

  it('becomes an error message that names the variable', () => {
    expect(new ConfigurationError({ _tag: 'InvalidConfiguration', reasons: [{ path: 'DATA_LAKE_BUCKET', message: 'missing' }] }).message).toBe(
      'invalid configuration: DATA_LAKE_BUCKET: missing',
    );
  });
});
