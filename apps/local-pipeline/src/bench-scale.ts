import { readFileSync, mkdirSync, writeFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import pLimit from 'p-limit';

/**
 * The scale rows of `npm run bench`: order files of 10,000 and 100,000 orders (1,000,000 with --million) through a
 * fresh local pipeline each, with orders/s, the peak RSS of the runner and of the emulator process, and the raw speed
 * of the pipeline's own sink measured in the same run: conditional PutItems on the same dynalite, through the SDK, at
 * the pipeline's concurrency (MaxConcurrency children × MaxItemsPerBatch orders each).
 */
export const SCALE_SIZES = [10_000, 100_000];
export const MILLION = 1_000_000;
const SINK_SAMPLE = 20_000;

const PRODUCTS = ['Keyboard', 'Monitor', 'Desk lamp', 'Laptop', 'Camera', 'Headphones'];

/** A mixed file like the generator's: about 10% without contact info, 2% with a bad price, 5% above the alert threshold. */
const writeOrderFile = (file: string, size: number): void => {
  const orders: string[] = [];
  for (let i = 0; i < size; i += 1) {
    const order = {
      order_id: `scale-${size}-${i}`,
      created_at: '2026-11-20T10:00:00Z',
      product: PRODUCTS[i % PRODUCTS.length],
      quantity: 1 + (i % 3),
      price: i % 50 === 7 ? -5 : i % 20 === 3 ? 400.5 + (i % 90) : 10 + ((i * 37) % 380),
      status: 'pending',
      ...(i % 10 === 9 ? {} : { 'contact-info': { email: 'buyer@example.com' } }),
    };
    orders.push(JSON.stringify(order));
  }
  writeFileSync(file, `[${orders.join(',')}]`);
};

/** Peak resident set size of a process in MiB (Linux /proc; VmHWM). */
const peakRssMiB = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
};

/** Conditional PutItems of items shaped like the validator's, at `concurrency`, on the pipeline's own table. */
const sinkPutsPerSecond = async (pipeline: LocalPipeline, items: number, concurrency: number): Promise<number> => {
  const client = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  const limit = pLimit(concurrency);
  const started = Date.now();
  try {
    await Promise.all(
      Array.from({ length: items }, (_, i) =>
        limit(() =>
          client.send(
            new PutItemCommand({
              TableName: pipeline.deployment.table.name,
              Item: marshall({
                order_id: `sink-${i}`,
                created_at: '2026-11-20T10:00:00Z',
                product: 'Keyboard',
                quantity: 2,
                price: 129.5,
                status: 'pending',
                content_hash: 'a'.repeat(64),
                source_bucket: pipeline.deployment.bucket.name,
                source_key: 'incoming/sink.json',
                source_version_id: 'v1',
                source_index: i,
              }),
              ConditionExpression: 'attribute_not_exists(order_id)',
            }),
          ),
        ),
      ),
    );
  } finally {
    client.destroy();
  }
  return (items * 1000) / (Date.now() - started);
};

export interface ScaleRow {
  readonly orders: number;
  readonly accounted: number;
  readonly seconds: number;
  readonly ordersPerSecond: number;
  readonly sinkPutsPerSecond: number;
  readonly runnerPeakMiB: number;
  readonly emulatorPeakMiB: number;
}

const measure = async (repoRoot: string, size: number): Promise<ScaleRow> => {
  const dir = join(repoRoot, 'tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `orders-${size}.json`);
  writeOrderFile(file, size);
  const pipeline = await startLocalPipeline({ repoRoot, onFunctionLog: () => undefined, recordOutcomes: false });
  try {
    const started = Date.now();
    await pipeline.upload(`incoming/bench/scale-${size}.json`, createReadStream(file));
    await pipeline.settled();
    const seconds = (Date.now() - started) / 1000;
    const s = pipeline.summary();
    const caps = pipeline.deployment.modules['order_pipeline']?.variables ?? {};
    const concurrency = Number(caps['max_concurrency']) * Number(caps['max_items_per_batch']);
    return {
      orders: s.ordersRead,
      accounted: s.ordersStored + s.ordersRejected + s.ordersDuplicate + s.ordersFailed,
      seconds,
      ordersPerSecond: s.ordersRead / seconds,
      sinkPutsPerSecond: await sinkPutsPerSecond(pipeline, Math.min(size, SINK_SAMPLE), concurrency),
      runnerPeakMiB: peakRssMiB(process.pid),
      emulatorPeakMiB: peakRssMiB(pipeline.emulators.pid),
    };
  } finally {
    await pipeline.stop();
  }
};

const cell = (cells: readonly (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 9 : 13)).join(' ');

/** Runs the scale rows and prints them; resolves false when an order went unaccounted for. */
export const runScaleBench = async (repoRoot: string, sizes: readonly number[]): Promise<boolean> => {
  console.log('\nScale: one mixed order file per row, each through a fresh local pipeline; the sink measured in the same run');
  console.log(cell(['orders', 'accounted', 'seconds', 'orders/s', 'vs first row', 'sink puts/s', 'ratio to sink', 'runner MiB', 'emulator MiB']));
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    const row = await measure(repoRoot, size);
    rows.push(row);
    const first = rows[0] ?? row;
    console.log(
      cell([
        row.orders,
        row.accounted,
        row.seconds.toFixed(1),
        Math.round(row.ordersPerSecond),
        `${((row.ordersPerSecond / first.ordersPerSecond) * 100).toFixed(0)}%`,
        Math.round(row.sinkPutsPerSecond),
        (row.ordersPerSecond / row.sinkPutsPerSecond).toFixed(2),
        row.runnerPeakMiB.toFixed(0),
        row.emulatorPeakMiB.toFixed(0),
      ]),
    );
  }
  console.log(
    'sink = conditional PutItems on the same dynalite through the SDK at MaxConcurrency x MaxItemsPerBatch at once (up to 20,000\n' +
      'items, after the run); ratio to sink = orders/s of the pipeline / sink puts/s. Peak RSS is VmHWM of each process.',
  );
  return rows.every((row) => row.accounted === row.orders);
};
