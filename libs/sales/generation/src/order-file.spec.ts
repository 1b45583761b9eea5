import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3ObjectStore } from '@sales-pipeline/aws-adapters';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { validateOrder } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { generateOrderFile, orderFileKey, type GenerationSettings, type OrderFileWritten } from './order-file';
import { decodeScheduledEvent } from './scheduled-event';

const scheduledAt = (scheduledTime: string) =>
  pipe(
    decodeScheduledEvent({ scheduledTime }),
    E.getOrElseW((error) => {
      throw new Error(JSON.stringify(error));
    }),
  );

describe('orderFileKey', () => {
  it('files by the UTC date of the scheduled time and keeps the time as given', () => {
    expect(orderFileKey('2025-03-01T12:34:00Z')).toBe('incoming/generated/2025/03/01/2025-03-01T12:34:00Z.json');
    expect(orderFileKey('2025-03-01T00:30:00+02:00')).toBe('incoming/generated/2025/02/28/2025-03-01T00:30:00+02:00.json');
  });
});

describe('generateOrderFile against the S3 emulator', () => {
  let emulators: Emulators;
  let s3: S3Client;
  const config: GenerationSettings = {
    bucket: 'sales-pipeline-local-data-lake-000000000000-us-east-1',
    ordersPerFile: 200,
    invalidShare: 0.25,
    highValueThreshold: 400,
  };
  const logged: { message: string; fields: OrderFileWritten }[] = [];
  const generate = () =>
    generateOrderFile({ writer: s3ObjectStore(s3), log: { info: (message, fields) => logged.push({ message, fields }) } }, config);
  const read = async (key: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }));
    return { etag: object.ETag, body: (await object.Body?.transformToString()) ?? '' };
  };

  beforeAll(async () => {
    emulators = await startEmulators();
    s3 = new S3Client(emulators.clientConfig('s3'));
    await s3.send(new CreateBucketCommand({ Bucket: config.bucket }));
  });
  afterAll(async () => {
    s3.destroy();
    await emulators.stop();
  });

  it('writes one file of orders at the scheduled key, and the same bytes on a retry', async () => {
    const scheduledTime = '2025-03-01T12:34:00Z';
    const key = 'incoming/generated/2025/03/01/2025-03-01T12:34:00Z.json';
    const announced: string[] = [];
    let unsubscribe: (() => void) | undefined;
    // The emulator announces a put after answering it: wait for both announcements, not for a moment.
    const announcedTwice = new Promise<void>((resolve) => {
      unsubscribe = emulators.onObjectCreated((object) => {
        announced.push(object.key);
        if (announced.length === 2) resolve();
      });
    });

    const first = await generate()(scheduledAt(scheduledTime))();
    const firstFile = await read(key);
    const retry = await generate()(scheduledAt(scheduledTime))();
    const retriedFile = await read(key);
    await announcedTwice;
    unsubscribe?.();

    expect(first).toEqual(E.right({ bucket: config.bucket, key, orders: 200, highValue: expect.any(Number) }));
    expect(retry).toEqual(first);
    expect(retriedFile).toEqual(firstFile);
    expect(announced).toEqual([key, key]);

    const orders: unknown[] = JSON.parse(firstFile.body);
    expect(orders).toHaveLength(200);
    const verdicts = orders.map(validateOrder);
    const withoutContact = orders.filter((order) => !(order as Record<string, unknown>)['contact-info']);
    expect(verdicts.filter(E.isLeft)).toHaveLength(withoutContact.length);
    for (const verdict of verdicts.filter(E.isLeft)) expect(verdict.left).toEqual([{ path: 'contact-info', message: 'missing' }]);
    expect(withoutContact.length).toBeGreaterThan(200 * 0.25 * 0.5);
    expect(withoutContact.length).toBeLessThan(200 * 0.25 * 1.5);
    const highValue = orders.filter((order) => (order as { price: number }).price > 400).length;
    expect(first).toEqual(E.right(expect.objectContaining({ highValue })));
  });

  it('writes another file for another scheduled time', async () => {
    const result = await generate()(scheduledAt('2025-03-01T12:35:00Z'))();
    expect(result).toEqual(E.right(expect.objectContaining({ key: 'incoming/generated/2025/03/01/2025-03-01T12:35:00Z.json' })));
    const [a, b] = await Promise.all([
      read('incoming/generated/2025/03/01/2025-03-01T12:34:00Z.json'),
      read('incoming/generated/2025/03/01/2025-03-01T12:35:00Z.json'),
    ]);
    expect(a.body).not.toEqual(b.body);
  });

  it('logs one line per file with counts and no contact info', () => {
    expect(logged.length).toBeGreaterThanOrEqual(3);
    for (const { message, fields } of logged) {
      expect(message).toBe('order file written');
      expect(Object.keys(fields).sort()).toEqual(['bucket', 'highValue', 'key', 'orders']);
      expect(JSON.stringify(fields)).not.toMatch(/@|contact|phone|email/);
    }
  });

  it('reports a failed write as a tagged error', async () => {
    const failing = generateOrderFile({ writer: s3ObjectStore(s3), log: { info: () => undefined } }, { ...config, bucket: 'no-such-bucket' });
    await expect(failing(scheduledAt('2025-03-01T12:34:00Z'))()).resolves.toEqual(
      E.left(expect.objectContaining({ _tag: 'S3WriteFailed', bucket: 'no-such-bucket', errorName: 'NoSuchBucket' })),
    );
  });
});
