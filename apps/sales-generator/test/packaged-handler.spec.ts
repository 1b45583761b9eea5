import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';

// What ships is what is tested: the handler runs from the packaged zip (the `test` target depends on `package`).
const zipPath = join(__dirname, '..', '..', '..', 'dist', 'lambda', 'sales-generator.zip');
const bucket = 'sales-pipeline-local-data-lake-000000000000-us-east-1';

/** An EventBridge Scheduler target input, as the Terraform schedule renders it. */
const schedulerEvent = { scheduledTime: '2025-06-30T23:59:00Z' };

describe('sales-generator from its packaged zip', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let generator: LambdaFunction;

  beforeAll(async () => {
    emulators = await startEmulators();
    s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    generator = await startFunctionFromZip(zipPath, {
      environment: { ...emulators.lambdaEnvironment(), DATA_LAKE_BUCKET: bucket, ORDERS_PER_FILE: '50', INVALID_SHARE: '0.2' },
    });
  });
  afterAll(async () => {
    await generator.stop();
    s3.destroy();
    await emulators.stop();
  });

  it('holds one self-contained bundle: the AWS SDK inside, nothing required but Node built-ins', () => {
    const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
    expect(Object.keys(entries)).toEqual(['index.js']);
    const bundle = Buffer.from(entries['index.js'] as Uint8Array).toString('utf8');
    // The SDK's error texts quote `[require("@aws-sdk/signature-v4-crt")]`: those are words, not calls.
    const required = [...bundle.matchAll(/(?<!\[)require\(["']([^"']+)["']\)/g)].map((match) => match[1] as string);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    expect(required.filter((name) => !builtins.has(name))).toEqual([]);
    expect(bundle).toContain('PutObject');
    // Only the operation it sends: the other commands' schemas are dropped (tools/aws-sdk-bundle-fixes.cjs).
    for (const operation of ['GetObject', 'HeadObject', 'ListObjectsV2', 'SelectObjectContent']) expect(bundle).not.toContain(`"${operation}"`);
    expect(statSync(zipPath).size).toBeLessThan(1024 * 1024);
  });

  it('writes the scheduled order file and returns what it wrote', async () => {
    const result = await generator.invoke(schedulerEvent);
    const key = 'incoming/generated/2025/06/30/2025-06-30T23:59:00Z.json';
    expect(result).toEqual({ ok: true, payload: { bucket, key, orders: 50, highValue: expect.any(Number) }, durationMs: expect.any(Number) });

    const file = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const orders: { price: number }[] = JSON.parse((await file.Body?.transformToString()) ?? '');
    expect(orders).toHaveLength(50);
    expect(result).toEqual({ ok: true, payload: expect.objectContaining({ highValue: orders.filter((order) => order.price > 400).length }), durationMs: expect.any(Number) });

    const retried = await generator.invoke(schedulerEvent);
    expect(retried).toEqual({ ...result, durationMs: expect.any(Number) });
    const again = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(again.ETag).toBe(file.ETag);
  });

  it('fails an invocation with a bad event, naming the field', async () => {
    await expect(generator.invoke({ time: '2025-06-30T23:59:00Z' })).resolves.toEqual({
      ok: false,
      errorType: 'InvalidEvent',
      errorMessage: 'invalid event: scheduledTime: missing',
      durationMs: expect.any(Number),
    });
  });

  it('fails to initialise with a misconfigured environment, naming the variables', async () => {
    await expect(
      startFunctionFromZip(zipPath, { environment: { ...emulators.lambdaEnvironment(), ORDERS_PER_FILE: 'many' } }),
    ).rejects.toThrow(
      /failed to initialise: invalid environment: DATA_LAKE_BUCKET: missing; must be an S3 bucket name; ORDERS_PER_FILE: must be an integer from 1 to 10000 \(got "many"\)/,
    );
  });
});
