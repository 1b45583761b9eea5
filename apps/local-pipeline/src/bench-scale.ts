import { readFileSync, mkdirSync, writeFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { stopOnInterrupt } from './interrupt';
import { say } from './output';
import { recordSink, replaySink } from './sink-replay';

/**
 * The scale rows of `npm run bench`: order files of 10,000 and 100,000 orders (1,000,000 with --million) through a
 * fresh local pipeline each, with orders/s, the peak RSS of the runner and of the emulator process, and the raw speed
 * of the pipeline's own sink measured in the same run: the DynamoDB, SQS and SNS calls the children made for the first
 * orders, replayed through the SDK on the same emulators at the pipeline's concurrency (MaxConcurrency children ×
 * MaxItemsPerBatch orders each), without the state machine and the validator (sink-replay.ts).
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

/** CPU time of a process in ms (Linux /proc: utime + stime, in clock ticks of 10 ms). */
const processCpuMs = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** CPU ms of this process (all its threads: runner, service thread, functions) and of the emulator process. */
const cpuMsOf = (pipeline: LocalPipeline) => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000 + processCpuMs(pipeline.emulators.pid);
};

export interface ScaleRow {
  readonly orders: number;
  readonly accounted: number;
  readonly seconds: number;
  readonly ordersPerSecond: number;
  readonly sinkOrdersPerSecond: number;
  /** Orders the sink replay ran at once: the caps' MaxConcurrency children × MaxItemsPerBatch orders. */
  readonly sinkConcurrency: number;
  /** CPU ms per order of both processes: for the run, and for the sink replay. */
  readonly cpuMsPerOrder: number;
  readonly sinkCpuMsPerOrder: number;
  readonly runnerPeakMiB: number;
  readonly emulatorPeakMiB: number;
}

const measure = async (repoRoot: string, workspace: string, size: number): Promise<ScaleRow> => {
  const dir = join(repoRoot, 'tmp', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `orders-${size}.json`);
  writeOrderFile(file, size);
  const pipeline = await startLocalPipeline({ repoRoot, workspace, onFunctionLog: () => undefined, recordOutcomes: false });
  const stopPipeline = stopOnInterrupt(pipeline);
  const sink = recordSink(pipeline, SINK_SAMPLE);
  try {
    const started = Date.now();
    const cpuAtStart = cpuMsOf(pipeline);
    await pipeline.upload(`incoming/bench/scale-${size}.json`, createReadStream(file));
    await pipeline.settled();
    const seconds = (Date.now() - started) / 1000;
    const cpuMs = cpuMsOf(pipeline) - cpuAtStart;
    sink.stop();
    const s = pipeline.summary();
    const caps = pipeline.deployment.stateMachine.definition.variables;
    const concurrency = Number(caps['max_concurrency']) * Number(caps['max_items_per_batch']);
    const sample = sink.sample();
    const cpuAtReplay = cpuMsOf(pipeline);
    const sinkOrdersPerSecond = await replaySink(pipeline, sample, concurrency);
    return {
      orders: s.ordersRead,
      accounted: s.ordersStored + s.ordersRejected + s.ordersDuplicate + s.ordersFailed,
      seconds,
      ordersPerSecond: s.ordersRead / seconds,
      sinkOrdersPerSecond,
      sinkConcurrency: concurrency,
      cpuMsPerOrder: cpuMs / s.ordersRead,
      sinkCpuMsPerOrder: (cpuMsOf(pipeline) - cpuAtReplay) / sample.orders,
      runnerPeakMiB: peakRssMiB(process.pid),
      emulatorPeakMiB: peakRssMiB(pipeline.emulators.pid),
    };
  } finally {
    await stopPipeline();
  }
};

const cell = (cells: readonly (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 9 : 13)).join(' ');

/** Runs the scale rows and prints them; resolves false when an order went unaccounted for. */
export const runScaleBench = async (repoRoot: string, sizes: readonly number[], workspace: string): Promise<boolean> => {
  say(`Scale (workspace ${workspace}): one mixed order file per row, each through a fresh local pipeline; the sink measured in the same run`);
  say(cell(['orders', 'accounted', 'seconds', 'orders/s', 'vs first row', 'sink orders/s', 'ratio to sink', 'CPU ms/order', 'sink CPU ms', 'runner MiB', 'emulator MiB']));
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    const row = await measure(repoRoot, workspace, size);
    rows.push(row);
    const first = rows[0] ?? row;
    say(
      cell([
        row.orders,
        row.accounted,
        row.seconds.toFixed(1),
        Math.round(row.ordersPerSecond),
        `${((row.ordersPerSecond / first.ordersPerSecond) * 100).toFixed(0)}%`,
        Math.round(row.sinkOrdersPerSecond),
        (row.ordersPerSecond / row.sinkOrdersPerSecond).toFixed(2),
        row.cpuMsPerOrder.toFixed(2),
        row.sinkCpuMsPerOrder.toFixed(2),
        row.runnerPeakMiB.toFixed(0),
        row.emulatorPeakMiB.toFixed(0),
      ]),
    );
  }
  say(
    `sink = the DynamoDB, SQS and SNS calls the children made for the first ${SINK_SAMPLE.toLocaleString('en-US')} orders (puts, rejections, alerts), replayed\n` +
      `after the run through the SDK on the same emulators, MaxConcurrency x MaxItemsPerBatch = ${rows[0]?.sinkConcurrency ?? '?'} orders at once, each order's calls\n` +
      'in turn; ratio to sink = orders/s of the pipeline / sink orders/s. CPU ms/order: the runner process (all its threads) and\n' +
      'the emulator process, per order of the run and of the sink replay (a figure the machine\'s load hardly moves).\n' +
      'Peak RSS is VmHWM of each process.',
  );
  return rows.every((row) => row.accounted === row.orders);
};
