import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { AnalyticsPrefix } from '@sales-pipeline/analytics-zone';
import type { Emulators } from '@sales-pipeline/local-emulators';
import { createInFlight } from '@sales-pipeline/local-events';
import { errorMessage } from './start-problem';

export interface ZoneMirrorOptions {
  readonly emulators: Pick<Emulators, 'onObjectCreated'>;
  readonly s3: S3Client;
  /** The data lake. */
  readonly bucket: string;
  /** Where DuckDB reads the zone: each object at its key without the prefix. */
  readonly zoneDir: string;
  /** A copy that failed (the object stays in the data lake; the next write of its key copies it again). */
  readonly onError: (key: string, message: string) => void;
}

/**
 * The data lake's zone, mirrored into a local directory: on every object write under `analytics/`, the object's current
 * version is copied to `<zoneDir>/<key without the prefix>`, atomically (a temporary file renamed over it), so a
 * reader never sees half a file and a rewrite of the same key replaces it.
 */
export const mirrorZone = (options: ZoneMirrorOptions) => {
  const root = resolve(options.zoneDir);
  const copies = createInFlight();
  /** The ETag of each key's copy: what the catch-up compares the bucket's listing with. */
  const copied = new Map<string, string>();

  const copy = async (key: string): Promise<void> => {
    const target = resolve(root, key.slice(AnalyticsPrefix.length));
    if (!target.startsWith(root + sep)) throw new Error('the key leaves the zone directory');
    const object = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    await mkdir(dirname(target), { recursive: true });
    const temporary = join(dirname(target), `.${randomUUID()}.tmp`);
    try {
      await writeFile(temporary, body);
      await rename(temporary, target);
      copied.set(key, object.ETag ?? '');
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  };

  const start = (key: string): void =>
    copies.run(
      () => copy(key),
      (error) => options.onError(key, errorMessage(error)),
    );

  /** The emulator announces writes asynchronously: copy what the bucket holds and the mirror has not seen yet. */
  const catchUp = async () => {
    for await (const page of paginateListObjectsV2({ client: options.s3 }, { Bucket: options.bucket, Prefix: AnalyticsPrefix }))
      for (const object of page.Contents ?? []) if (object.Key !== undefined && copied.get(object.Key) !== object.ETag) start(object.Key);
    await copies.idle();
  };

  const detach = options.emulators.onObjectCreated((object) => {
    if (object.bucket === options.bucket && object.key.startsWith(AnalyticsPrefix)) start(object.key);
  });

  return {
    /** Resolves when the directory holds every object the prefix holds now (each at its current version). */
    idle: async (): Promise<void> => {
      await copies.idle();
      await catchUp();
    },
    detach,
  };
};

export type ZoneMirror = ReturnType<typeof mirrorZone>;
