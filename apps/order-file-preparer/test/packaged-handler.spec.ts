import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';

// What ships is what is tested: the handler runs from the packaged zip (the `test` target depends on `package`).
const zipPath = join(__dirname, '..', '..', '..', 'dist', 'lambda', 'order-file-preparer.zip');
const bucket = 'sales-pipeline-local-data-lake-000000000000-us-east-1';
const order = (id: string, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  created_at: '2026-11-20T10:00:00Z',
  product: `Widget ${id}`,
  quantity: 1,
  price: 20,
  status: 'pending',
  'contact-info': { email: 'buyer@example.com' },
  ...extra,
});

describe('order-file-preparer from its packaged zip', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let preparer: LambdaFunction;
  const put = async (key: string, body: string) => {
    const written = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return { bucket, key, versionId: written.VersionId ?? null };
  };
  const read = async (key: string, versionId: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))).Body?.transformToString('utf-8');

  beforeAll(async () => {
    emulators = await startEmulators();
    s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    preparer = await startFunctionFromZip(zipPath, { environment: { ...emulators.lambdaEnvironment(), PREPARED_PREFIX: 'prepared/' } });
  });
  afterAll(async () => {
    await preparer.stop();
    s3.destroy();
    await emulators.stop();
  });

  it('is one small bundle', () => {
    expect(statSync(zipPath).size).toBeLessThan(1024 * 1024);
  });

  it('copies a file with a 300 KB order to prepared/<key>/<version>.json, the order replaced by its size', async () => {
    const big = order('big', { notes: 'n'.repeat(300_000) });
    const orders = [order('first'), big, order('last')];
    const file = await put('incoming/uploads/with-a-big-order.json', JSON.stringify(orders));
    const result = await preparer.invoke(file);
    if (!result.ok) throw new Error(`${result.errorType}: ${result.errorMessage}`);
    const key = `prepared/incoming/uploads/with-a-big-order.json/${file.versionId}.json`;
    expect(result.payload).toEqual({ key, versionId: expect.any(String), orders: 3, oversizedOrders: 1 });
    const { versionId } = result.payload as { versionId: string };
    expect(JSON.parse((await read(key, versionId)) ?? 'null')).toEqual([
      orders[0],
      { oversizedOrder: { bytes: Buffer.byteLength(JSON.stringify(big)) } },
      orders[2],
    ]);
  });

  it('streams a copy larger than one upload part (a multipart upload) without losing or reordering an order', async () => {
    const orders = [...Array.from({ length: 40_000 }, (_, i) => order(`bulk-${i}`)), order('big', { notes: 'n'.repeat(40_000) })];
    const body = JSON.stringify(orders);
    expect(Buffer.byteLength(body)).toBeGreaterThan(6 * 1024 * 1024);
    const file = await put('incoming/uploads/bulk-with-a-big-order.json', body);
    const result = await preparer.invoke(file);
    if (!result.ok) throw new Error(`${result.errorType}: ${result.errorMessage}`);
    const { key, versionId } = result.payload as { key: string; versionId: string };
    const copy = JSON.parse((await read(key, versionId)) ?? 'null') as unknown[];
    expect(copy).toHaveLength(orders.length);
    expect(copy.slice(0, -1)).toEqual(orders.slice(0, -1));
    expect(copy.at(-1)).toEqual({ oversizedOrder: { bytes: Buffer.byteLength(JSON.stringify(orders.at(-1))) } });
  }, 60_000);

  it('names the file itself for a file without an oversized order or not a JSON array, and writes nothing', async () => {
    for (const body of [JSON.stringify([order('a'), order('b')]), 'jane.doe@example.com,Laptop,2']) {
      const file = await put('incoming/uploads/nothing-to-replace.json', body);
      const result = await preparer.invoke(file);
      expect(result).toEqual({ ok: true, payload: { key: file.key, versionId: file.versionId, orders: expect.any(Number), oversizedOrders: 0 }, durationMs: expect.any(Number) });
    }
  });

  it('fails by name for a version that cannot be read and for an input that is not a file version', async () => {
    const gone = await preparer.invoke({ bucket, key: 'incoming/uploads/nothing-to-replace.json', versionId: 'no-such-version' });
    expect(gone).toMatchObject({ ok: false, errorType: 'OrderFileUnreadable' });
    expect(await preparer.invoke({ Items: [] })).toMatchObject({ ok: false, errorType: 'InvalidPreparerInput' });
  });
});
