import { join } from 'node:path';
import { startLambda } from '@sales-pipeline/lambda-runtime';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { ZoneWriterEnvironment } from './environment';

// What ships is what is tested: the handler runs from the packaged zip (the `test` target depends on `package`).
// Its writes against the emulators are tested end to end in libs/operations/local/test/zone.spec.ts.
const zipPath = join(__dirname, '..', '..', '..', 'dist', 'lambda', 'zone-writer.zip');
const environment = { DATA_LAKE_BUCKET: 'sales-pipeline-dev-data-lake', ORDERS_TABLE_NAME: 'sales-pipeline-dev-orders' };

describe('zone-writer environment', () => {
  it('decodes the bucket and the table, and names a wrong one at cold start', () => {
    expect(startLambda(ZoneWriterEnvironment, environment).config).toMatchObject({ ...environment, POWERTOOLS_SERVICE_NAME: 'zone-writer' });
    expect(() => startLambda(ZoneWriterEnvironment, { ORDERS_TABLE_NAME: 'orders' })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', message: 'invalid environment: DATA_LAKE_BUCKET: missing; must be an S3 bucket name' }),
    );
  });
});

describe('zone-writer from its packaged zip', () => {
  let writer: LambdaFunction;
  beforeAll(async () => {
    writer = await startFunctionFromZip(zipPath, { environment: { ...environment, AWS_REGION: 'us-east-1' } });
  });
  afterAll(async () => writer.stop());

  it('refuses an input that is no zone batch, naming what is wrong, before any AWS call', async () => {
    const result = await writer.invoke({ source: { bucket: 'lake', key: 'incoming/a.json', versionId: null }, verdicts: [] });
    expect(result).toMatchObject({
      ok: false,
      errorType: 'InvalidZoneBatch',
      errorMessage: 'invalid zone batch (expected { source, ingestedAt, verdicts, outcomes }): ingestedAt: missing; outcomes: missing',
    });
  });
});
