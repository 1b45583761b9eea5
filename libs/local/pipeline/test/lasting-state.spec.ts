import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as E from 'fp-ts/Either';
import { holdStateFolder, startLocalPipeline, type HeldStateFolder, type LocalPipeline, type Summary } from '../src';
import { onlyFor, order, repoRoot } from './support';

jest.setTimeout(180_000);

const folders: string[] = [];
const newFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lasting-state-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const hold = async (dir: string, fresh = false): Promise<HeldStateFolder> => {
  const held = await holdStateFolder(dir, { fresh, onLost: (message) => console.error(message) })();
  if (E.isLeft(held)) throw new Error(`expected to hold ${dir}: ${JSON.stringify(held.left)}`);
  return held.right;
};

const orders = (prefix: string, count: number) => JSON.stringify(Array.from({ length: count }, (_, i) => order(`${prefix}-${i}`, 20 + i)));

const storedOrderIds = async (pipeline: LocalPipeline): Promise<string[]> => {
  const dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  try {
    const ids: string[] = [];
    for await (const page of paginateScan({ client: dynamodb }, { TableName: pipeline.deployment.table.name, ConsistentRead: true })) {
      for (const item of page.Items ?? []) ids.push(String(item[pipeline.deployment.table.hashKey]?.S));
    }
    return ids.sort();
  } finally {
    dynamodb.destroy();
  }
};

/** One `npm start` on the folder: hold it, run the uploads one after another, read the table and the queues, stop, release. */
const runOn = async (dir: string, uploads: readonly (readonly [string, string])[], fresh = false, prepare: (pipeline: LocalPipeline) => void = () => undefined) => {
  const held = await hold(dir, fresh);
  const pipeline = await startLocalPipeline({ repoRoot, stateDir: dir, onFunctionLog: () => undefined, liveEveryMs: 0 });
  try {
    prepare(pipeline);
    const versions: (string | undefined)[] = [];
    for (const [key, body] of uploads) {
      versions.push((await pipeline.upload(key, body)).versionId);
      await pipeline.settled();
    }
    const summary: Summary = pipeline.summary();
    const bodiesOn = async (queueUrl: string) => (await pipeline.peekQueue(queueUrl)).map((message) => message.body);
    const queues = { deadLetters: await bodiesOn(pipeline.deployment.queues.deadLetter.url), rejections: await bodiesOn(pipeline.deployment.queues.rejectedOrders.url) };
    return { continues: held.continues, summary, stored: await storedOrderIds(pipeline), versions, queues };
  } finally {
    await pipeline.stop();
    await held.release();
  }
};

describe('the state folder: a local history that lasts', () => {
  it('a second run continues the first: its orders stay, a re-upload is duplicate, a new file adds; --fresh starts empty', async () => {
    const dir = newFolder();
    const leftOnQueues = JSON.stringify([order('dead-1', 80), order('rejected-1', 80, { 'contact-info': {} })]);
    const first = await runOn(dir, [['incoming/first.json', orders('first', 6)], ['incoming/left-on-queues.json', leftOnQueues]], false, (pipeline) =>
      pipeline.smallFileRunner.injectFault({ state: 'StoreOrder', fault: { kind: 'throttle' }, when: onlyFor('dead-1') }),
    );
    expect(first.continues).toBe(false);
    expect(first.summary).toMatchObject({ ordersStored: 6, ordersDuplicate: 0, ordersFailed: 1, ordersRejected: 1 });
    expect(first.queues.deadLetters).toHaveLength(1);
    expect(first.queues.rejections).toHaveLength(1);

    const second = await runOn(dir, [
      ['incoming/second.json', orders('second', 4)],
      ['incoming/first.json', orders('first', 6)],
    ]);
    expect(second.continues).toBe(true);
    expect(second.summary).toMatchObject({ ordersStored: 4, ordersDuplicate: 6, ordersFailed: 0 });
    // The queues last: the first run's dead letter (redrivable now) and rejection are there again, once each.
    expect(second.queues.deadLetters).toEqual(first.queues.deadLetters);
    expect(second.queues.deadLetters[0]).toContain('dead-1');
    expect(second.queues.rejections).toEqual(first.queues.rejections);
    expect(second.stored).toHaveLength(10);
    expect(second.stored.filter((id) => id.startsWith('first-'))).toHaveLength(6);

    // The data lake kept the first run's version of the file next to the second's.
    const third = await hold(dir);
    const pipeline = await startLocalPipeline({ repoRoot, stateDir: dir, onFunctionLog: () => undefined, liveEveryMs: 0 });
    const s3 = new S3Client(pipeline.emulators.clientConfig('s3'));
    try {
      const read = async (versionId: string | undefined) =>
        (await s3.send(new GetObjectCommand({ Bucket: pipeline.deployment.bucket.name, Key: 'incoming/first.json', VersionId: versionId }))).Body?.transformToString();
      expect(first.versions[0]).not.toBe(second.versions[1]);
      await expect(read(first.versions[0])).resolves.toBe(orders('first', 6));
      await expect(read(second.versions[1])).resolves.toBe(orders('first', 6));
    } finally {
      s3.destroy();
      await pipeline.stop();
      await third.release();
    }

    const fresh = await runOn(dir, [['incoming/after-fresh.json', orders('fresh', 3)]], true);
    expect(fresh.continues).toBe(false);
    expect(fresh.summary).toMatchObject({ ordersStored: 3, ordersDuplicate: 0 });
    expect(fresh.stored).toEqual(['fresh-0', 'fresh-1', 'fresh-2']);
    expect(fresh.queues).toEqual({ deadLetters: [], rejections: [] });
  });

  it('one run at a time: a held folder is refused with the holder pid; a stale lock of a killed run is taken over', async () => {
    const dir = newFolder();
    const held = await hold(dir);
    const second = await holdStateFolder(dir, { fresh: true, onLost: () => undefined })();
    expect(second).toEqual(E.left({ _tag: 'StateFolderHeld', dir, pid: process.pid }));
    await held.release();

    // What a run killed with SIGKILL leaves: its lock and holder record, no process. Once the lock is stale (not
    // refreshed for 10 s: here its mtime is a minute old) the next run takes it over and says whose it was.
    const killed = spawnSync(process.execPath, ['-e', '']).pid;
    const leftBehind = (ageSeconds: number) => {
      mkdirSync(join(dir, '.lock'), { recursive: true });
      const at = new Date(Date.now() - ageSeconds * 1000);
      utimesSync(join(dir, '.lock'), at, at);
      writeFileSync(join(dir, '.holder.json'), JSON.stringify({ pid: killed, since: at.toISOString() }));
    };
    leftBehind(60);
    const takenOver = await hold(dir);
    expect(takenOver.tookOverFrom).toBe(killed);
    await takenOver.release();

    // Killed a moment ago: the lock is still fresh, but its holder is gone, so the run waits it out (at most 10 s).
    leftBehind(0);
    const waited = await hold(dir);
    expect(waited.tookOverFrom).toBe(killed);
    await waited.release();
    const again = await hold(dir);
    expect(again.tookOverFrom).toBeUndefined();
    await again.release();
  });
});
