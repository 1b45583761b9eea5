import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { mirrorZone, type ZoneMirror } from './zone-mirror';

describe('mirrorZone', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let zoneDir: string;
  let mirror: ZoneMirror;
  const errors: string[] = [];
  const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: body }));

  beforeAll(async () => {
    emulators = await startEmulators();
    s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    zoneDir = await mkdtemp(join(tmpdir(), 'zone-mirror-'));
    mirror = mirrorZone({ emulators, s3, bucket: 'lake', zoneDir, onError: (key, message) => errors.push(`${key}: ${message}`) });
  });
  afterAll(async () => {
    mirror.detach();
    s3.destroy();
    await emulators.stop();
    await rm(zoneDir, { recursive: true, force: true });
  });

  it('copies each object under the prefix to its key without the prefix, a rewrite replacing it, nothing else', async () => {
    await put('analytics/orders/sale_date=2026-12-01/a-0-1.jsonl', '{"v":1}\n');
    await put('incoming/orders.json', '[]');
    await mirror.idle();
    await put('analytics/orders/sale_date=2026-12-01/a-0-1.jsonl', '{"v":2}\n');
    await mirror.idle();
    expect(await readFile(join(zoneDir, 'orders/sale_date=2026-12-01/a-0-1.jsonl'), 'utf8')).toBe('{"v":2}\n');
    expect(await readdir(zoneDir)).toEqual(['orders']);
    expect(await readdir(join(zoneDir, 'orders/sale_date=2026-12-01'))).toEqual(['a-0-1.jsonl']);
    expect(errors).toEqual([]);
  });
});
