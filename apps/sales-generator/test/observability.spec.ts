import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';

// The packaged zip, as Lambda runs it: its log lines and EMF metrics as CloudWatch Logs would receive them.
const zipPath = join(__dirname, '..', '..', '..', 'dist', 'lambda', 'sales-generator.zip');
const bucket = 'observed-lake';

describe('sales-generator observability, from its zip', () => {
  let emulators: Emulators | undefined;
  let generator: LambdaFunction | undefined;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const started = await startEmulators();
    emulators = started;
    const s3 = new S3Client(started.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    s3.destroy();
    generator = await startFunctionFromZip(zipPath, {
      environment: { ...started.lambdaEnvironment(), DATA_LAKE_BUCKET: bucket, ORDERS_PER_FILE: '30', POWERTOOLS_METRICS_NAMESPACE: 'sales-pipeline-test',
        // What the Lambda runtime sets for an on-demand environment; Powertools reports cold starts only then.
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      },
      onLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    // Two processes to start: more than Jest's 5 s default on a loaded machine.
  }, 60_000);
  // Whatever started is stopped, also after a failed start (a running emulator would keep Jest from exiting).
  afterAll(async () => {
    await generator?.stop();
    await emulators?.stop();
  });

  it('logs the written file with the request id, cold start and the file as correlation id, and counts it in EMF', async () => {
    if (generator === undefined) throw new Error('the generator did not start');
    const result = await generator.invoke({ scheduledTime: '2025-06-30T23:59:00Z' });
    if (!result.ok) throw new Error(result.errorMessage);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const key = 'incoming/generated/2025/06/30/2025-06-30T23:59:00Z.json';
    expect(lines.find((line) => line['message'] === 'order file written')).toMatchObject({
      function_request_id: expect.any(String),
      cold_start: true,
      correlation_id: `${bucket}/${key}`,
      orders: 30,
    });
    const emf = lines.find((line) => 'FilesWritten' in line);
    expect(emf).toMatchObject({ service: 'sales-generator', FilesWritten: 1, OrdersGenerated: 30, HighValueOrdersGenerated: expect.any(Number) });
    expect((emf?.['_aws'] as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]?.Namespace).toBe('sales-pipeline-test');
  });
});
