import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { createBatcher } from './distributed-map';
import { createStateMachineRunner, StatesError, type Definition, type Json } from './index';
import { parseErrorPosition } from '@sales-pipeline/json-array-stream';
import { createBucket, fakeFunction, fixture, getJson, putText, startCloud, type Cloud } from '../test/harness';

jest.setTimeout(120_000);

let cloud: Cloud;
const bucket = 'data-lake';

beforeAll(async () => {
  cloud = await startCloud();
  await createBucket(cloud, bucket);
  await cloud.s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
});
afterAll(() => cloud.stop());

interface Batch {
  readonly Items: { index: number; order: unknown }[];
  readonly BatchInput: { bucket: string; key: string; versionId: string };
}

/** Stands in for the validator: one verdict per item, in order. */
const validator = (fail?: (batch: Batch) => boolean) =>
  fakeFunction((event) => {
    const batch = event as Batch;
    if (fail?.(batch)) throw new Error('validator crashed on this batch');
    return { verdicts: batch.Items.map(({ index }) => ({ index, valid: true })) };
  });

const upload = async (key: string, body: string): Promise<string> => (await putText(cloud, bucket, key, body)).VersionId as string;

const order = (i: number) => ({ order_id: `o-${i}`, product: 'Desk lamp', price: 57.5, quantity: 1, status: 'pending', note: 'x'.repeat(i % 50) });

const definition = fixture('distributed-map.asl.json');
const runnerWith = (fn: ReturnType<typeof validator>, map: Partial<Definition['States'][string]> = {}, resultFileBytes?: number) =>
  createStateMachineRunner({
    ...(resultFileBytes === undefined ? {} : { resultFileBytes }),
    definition: { ...definition, States: { ...definition.States, ProcessFile: { ...(definition.States['ProcessFile'] as Definition['States'][string]), ...map } } },
    clients: cloud.configs,
    functions: { validator: fn },
    stateMachineName: 'order-pipeline',
  });

describe('the distributed Map, as AWS documents it', () => {
  it('runs MaxConcurrency children at once, never more, and starts the next as soon as one ends', async () => {
    const body = JSON.stringify(Array.from({ length: 1200 }, (_, i) => order(i)));
    const versionId = await upload('incoming/concurrency.json', body);
    // Each child's validator call is held until the test releases it: what runs at once is then what the Map started.
    const held: (() => void)[] = [];
    let started = 0;
    let mostHeld = 0;
    const fn = validator();
    const heldValidator = {
      ...fn,
      invoke: async (event: unknown) => {
        started += 1;
        await new Promise<void>((release) => {
          held.push(release);
          mostHeld = Math.max(mostHeld, held.length);
        });
        return fn.invoke(event);
      },
    };
    const until = async (condition: () => boolean, what: string) => {
      for (const deadline = Date.now() + 10_000; !condition(); await new Promise((resolve) => setTimeout(resolve, 5))) {
        if (Date.now() > deadline) throw new Error(`never ${what} (started ${started}, held ${held.length})`);
      }
    };
    const runner = runnerWith(heldValidator, { MaxConcurrency: 4 });
    const execution = runner.startExecution({ bucket, key: 'incoming/concurrency.json', versionId });

    const holding = (async () => {
      await until(() => held.length === 4, 'four children at once');
      held.shift()?.();
      await until(() => started === 5 && held.length === 4, 'a fifth child once the first ended');
    })();
    await holding.catch(() => undefined);
    // Then every held call goes, so the execution ends whatever the checks found.
    const releasing = setInterval(() => held.splice(0).forEach((release) => release()), 5);
    const result = await execution;
    clearInterval(releasing);
    runner.close();

    await holding;
    expect(result.status).toBe('SUCCEEDED');
    expect(started).toBeGreaterThanOrEqual(12);
    expect(mostHeld).toBe(4);
  });

  it('runs a 5,000-order file far past 256 KiB as batches under both caps, every order exactly once, and writes the results', async () => {
    const orders = Array.from({ length: 5000 }, (_, i) => order(i));
    const body = JSON.stringify(orders);
    expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
    const versionId = await upload('incoming/big.json', body);
    const fn = validator();
    const runner = runnerWith(fn);
    const result = await runner.startExecution({ bucket, key: 'incoming/big.json', versionId });
    runner.close();

    expect(result.status).toBe('SUCCEEDED');
    const batches = fn.events as Batch[];
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(5000 / 100));
    for (const batch of batches) {
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(16384);
      expect(batch.Items.length).toBeLessThanOrEqual(100);
      expect(batch.BatchInput).toEqual({ bucket, key: 'incoming/big.json', versionId });
    }
    const indexes = batches.flatMap((batch) => batch.Items.map((item) => item.index)).sort((a, b) => a - b);
    expect(indexes).toEqual(orders.map((_, i) => i));
    expect(batches.flatMap((batch) => batch.Items.map((item) => item.order))).toEqual(expect.arrayContaining([orders[4999], orders[0]]));

    expect(result.counters).toMatchObject({
      mapRuns: 1,
      childExecutionsStarted: batches.length,
      childExecutionsSucceeded: batches.length,
      executionsStarted: batches.length + 1,
      statesEntered: { ProcessFile: 1, Validate: batches.length, EachVerdict: batches.length, Outcome: 5000, Done: 1 },
    });

    const output = result.output as { results: { manifest: string; mapRunArn: string } };
    expect(output.results.mapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:order-pipeline\/Orders:[0-9a-f-]{36}$/);
    expect(output.results.manifest).toMatch(/^results\/[0-9a-f-]{36}\/manifest\.json$/);
    const manifest = (await getJson(cloud, bucket, output.results.manifest)) as { DestinationBucket: string; MapRunArn: string; ResultFiles: Record<string, { Key: string; Size: number }[]> };
    expect(manifest).toMatchObject({ DestinationBucket: bucket, MapRunArn: output.results.mapRunArn, ResultFiles: { FAILED: [], PENDING: [] } });
    const succeededFile = manifest.ResultFiles['SUCCEEDED']?.[0] as { Key: string; Size: number };
    expect(succeededFile.Key).toBe(output.results.manifest.replace('manifest.json', 'SUCCEEDED_0.json'));
    const records = (await getJson(cloud, bucket, succeededFile.Key)) as Record<string, string>[];
    expect(records).toHaveLength(batches.length);
    expect(records[0]).toMatchObject({ Status: 'SUCCEEDED', InputDetails: { Included: true }, ExecutionArn: expect.stringContaining(':express:order-pipeline/Orders:') });
    const outcomes = records.flatMap((record) => JSON.parse(record['Output'] as string) as { index: number }[]);
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(indexes);
  });

  it('splits the results into SUCCEEDED_0.json, SUCCEEDED_1.json, ... at the result file size, one record per child in all', async () => {
    const versionId = await upload('incoming/parts.json', JSON.stringify(Array.from({ length: 600 }, (_, i) => order(i))));
    const fn = validator();
    const runner = runnerWith(fn, {}, 8 * 1024);
    const result = await runner.startExecution({ bucket, key: 'incoming/parts.json', versionId });
    runner.close();
    expect(result.status).toBe('SUCCEEDED');
    const manifestKey = (result.output as { results: { manifest: string } }).results.manifest;
    const manifest = (await getJson(cloud, bucket, manifestKey)) as { ResultFiles: Record<string, { Key: string; Size: number }[]> };
    const files = manifest.ResultFiles['SUCCEEDED'] ?? [];
    expect(files.length).toBeGreaterThan(2);
    expect(files.map((file) => file.Key)).toEqual(files.map((_, i) => manifestKey.replace('manifest.json', `SUCCEEDED_${i}.json`)));
    const records: Record<string, string>[] = [];
    for (const file of files) {
      const part = (await getJson(cloud, bucket, file.Key)) as Record<string, string>[];
      expect(file.Size).toBe(Buffer.byteLength(JSON.stringify(part)));
      records.push(...part);
    }
    expect(records).toHaveLength((fn.events as Batch[]).length);
    const indexes = records.flatMap((record) => (JSON.parse(record['Output'] as string) as { index: number }[]).map((o) => o.index));
    expect(indexes.sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });

  it('reports each S3 request of ItemReader and ResultWriter with its bytes: one GetObject of the file, a PutObject per result file and the manifest', async () => {
    const body = JSON.stringify([order(1), order(2)]);
    const versionId = await upload('incoming/metered.json', body);
    const runner = runnerWith(validator());
    const requests: { operation: string; bytes: number }[] = [];
    runner.onEvent((event) => event.type === 'ObjectRequest' && requests.push({ operation: event.operation, bytes: event.bytes }));
    const result = await runner.startExecution({ bucket, key: 'incoming/metered.json', versionId });
    runner.close();

    expect(result.status).toBe('SUCCEEDED');
    const output = result.output as { results: { manifest: string } };
    const manifest = (await getJson(cloud, bucket, output.results.manifest)) as { ResultFiles: { SUCCEEDED: { Size: number }[] } };
    expect(requests).toEqual([
      { operation: 'GetObject', bytes: Buffer.byteLength(body) },
      { operation: 'PutObject', bytes: manifest.ResultFiles.SUCCEEDED[0]?.Size },
      { operation: 'PutObject', bytes: expect.any(Number) },
    ]);
  });

  it('reads the object version the input names, not the newest one', async () => {
    const first = await upload('incoming/versioned.json', JSON.stringify([order(1)]));
    await upload('incoming/versioned.json', JSON.stringify([order(1), order(2), order(3)]));
    const fn = validator();
    const runner = runnerWith(fn);
    const result = await runner.startExecution({ bucket, key: 'incoming/versioned.json', versionId: first });
    runner.close();
    expect(result.status).toBe('SUCCEEDED');
    expect((fn.events as Batch[]).flatMap((b) => b.Items)).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'incoming/not-json.json', '{"order_id": "o-1",', /is not valid JSON/],
    ['not an array', 'incoming/object.json', '{"order_id": "o-1"}', /is not a JSON array/],
    ['missing', 'incoming/missing.json', undefined, /Unable to read s3:\/\/data-lake\/incoming\/missing.json/],
  ])('fails with States.ItemReaderFailed for a file that is %s, so the Catch runs', async (_, key, body, cause) => {
    const versionId = body === undefined ? 'no-such-version' : await upload(key, body);
    const fn = validator();
    const runner = runnerWith(fn);
    const result = await runner.startExecution({ bucket, key, versionId });
    runner.close();
    expect(result).toMatchObject({ status: 'FAILED', error: 'FileRejected' });
    expect(result.cause).toMatch(cause);
    expect(result.cause).not.toContain('o-1');
    expect(result.counters.caughtByState).toEqual({ ProcessFile: 1 });
    expect(fn.events).toHaveLength(0);
  });

  it('an empty array is a success with no children', async () => {
    const versionId = await upload('incoming/empty.json', '[]');
    const runner = runnerWith(validator());
    const result = await runner.startExecution({ bucket, key: 'incoming/empty.json', versionId });
    runner.close();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.counters.childExecutionsStarted).toBe(0);
  });

  it('fails with States.ExceedToleratedFailureThreshold when a child fails past the tolerance, still writing FAILED_0.json', async () => {
    const versionId = await upload('incoming/partly-bad.json', JSON.stringify(Array.from({ length: 250 }, (_, i) => order(i))));
    const failing = (batch: Batch) => batch.Items.some((item) => item.index === 120);
    const strict = runnerWith(validator(failing));
    const failed = await strict.startExecution({ bucket, key: 'incoming/partly-bad.json', versionId });
    strict.close();
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(failed.counters.childExecutionsFailed).toBe(1);

    const tolerant = runnerWith(validator(failing), { ToleratedFailurePercentage: 50 });
    const tolerated = await tolerant.startExecution({ bucket, key: 'incoming/partly-bad.json', versionId });
    tolerant.close();
    expect(tolerated.status).toBe('SUCCEEDED');
    const manifestKey = (tolerated.output as { results: { manifest: string } }).results.manifest;
    const manifest = (await getJson(cloud, bucket, manifestKey)) as { ResultFiles: Record<string, { Key: string }[]> };
    const failedRecords = (await getJson(cloud, bucket, manifest.ResultFiles['FAILED']?.[0]?.Key as string)) as Record<string, string>[];
    expect(failedRecords).toEqual([expect.objectContaining({ Status: 'FAILED', Error: 'Error', Cause: expect.stringContaining('validator crashed') })]);
  });
});

describe('parseErrorPosition', () => {
  it('names where and why a text is not JSON, quoting none of it', () => {
    expect(parseErrorPosition('order_id,contact\njane.doe@example.com')).toBe('InvalidSymbol at character 0, line 1, column 1');
    expect(parseErrorPosition('[{"a": 1},\n {"b": jane@example.com}]')).toBe('InvalidSymbol at character 18, line 2, column 8');
    expect(parseErrorPosition('[1, 2')).toMatch(/^CommaExpected at character 5, line 1, column 6$|^CloseBracketExpected/);
    expect(parseErrorPosition('')).toMatch(/at character 0/);
  });
});

describe('ItemBatcher semantics', () => {
  const batchItems = (all: readonly Json[], limits: Parameters<typeof createBatcher>[0]) => {
    const batcher = createBatcher(limits);
    const batches = all.flatMap((item, index) => batcher.add(item, index) ?? []);
    const last = batcher.flush();
    return last ? [...batches, last] : batches;
  };
  const items = Array.from({ length: 10 }, (_, i) => ({ i, pad: 'y'.repeat(90) }));

  it('caps by item count', () => {
    expect(batchItems(items, { maxItems: 4 }).map((b) => b.itemCount)).toEqual([4, 4, 2]);
  });

  it('caps by the serialized size of {"Items":[...],"BatchInput":{...}}', () => {
    const batchInput = { bucket: 'b' };
    const batches = batchItems(items, { maxBytes: 350, batchInput });
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(batch.input))).toBeLessThanOrEqual(350);
    expect(batches.reduce((n, b) => n + b.itemCount, 0)).toBe(10);
    // 40 bytes of wrapper + 106 per item + commas: two fit in 350, a third (360) does not.
    expect(batches.map((b) => b.itemCount)).toEqual([2, 2, 2, 2, 2]);
    expect(batches[0]?.input).toEqual({ Items: [items[0], items[1]], BatchInput: batchInput });
  });

  it('fails an item too large for any batch with States.ItemReaderFailed', () => {
    expect(() => batchItems(items, { maxBytes: 100 })).toThrow(StatesError);
    expect(() => batchItems(items, { maxBytes: 100 })).toThrow(/Item 0/);
  });
});
