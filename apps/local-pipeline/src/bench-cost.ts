import { addUsage, bill, billPerMillionOrders, meterRun, US_EAST_1, type Bill, type Service, type Usage } from '@sales-pipeline/local-cost';
import type { LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import type { Definition, RunnerEvent } from '@sales-pipeline/local-step-functions';
import { mockSales } from '@sales-pipeline/orders-domain';
import { terraformNumber } from './terraform-number';

/**
 * The cost half of `npm run bench`: order files of several sizes, made by the generator's own seeded mock sales with
 * the Terraform's defaults (orders per file, invalid share), run through the local pipeline of the workspace it was
 * started for (`prod`: production caps), every billed operation counted from the runner's events and priced per
 * million orders, service by service, beside the seeds' shape priced from the same counts.
 */

/** Bytes of the functions' log lines, by function (what CloudWatch Logs ingests), for `onFunctionLog`. */
export interface FunctionLogMeter {
  readonly record: (functionName: string, line: string) => void;
  readonly bytes: () => number;
}

export const createFunctionLogMeter = (): FunctionLogMeter => {
  let total = 0;
  return {
    record: (_functionName, line) => {
      total += Buffer.byteLength(line, 'utf8') + 1;
    },
    bytes: () => total,
  };
};

export interface CostRun {
  readonly ordersPerFile: number;
  readonly files: number;
  readonly orders: number;
  readonly childExecutions: number;
  /** Mean estimated Express child duration (ms), from the states' work. */
  readonly meanChildMs: number;
  readonly outcomes: { readonly stored: number; readonly rejected: number; readonly duplicate: number; readonly failed: number; readonly alerted: number };
  readonly usage: Usage;
  readonly seedsDesignUsage: Usage;
  readonly perMillion: Bill;
  readonly seedsDesignPerMillion: Bill;
  /** What the analytics zone adds (its writer's invocations, reads and PUTs, its Task's Express time), included in `perMillion`. */
  readonly zonePerMillion: Bill;
}

export interface CostReport {
  readonly workspace: string;
  readonly caps: Readonly<Record<string, unknown>>;
  readonly pricesReadOn: string;
  readonly region: string;
  readonly invalidShare: number;
  readonly emailAddresses: number;
  readonly runs: readonly CostRun[];
  /** All-in USD per million orders: the first (smallest) size, the largest (10,000 by default), the seeds' shape. */
  readonly costPerMillion: { readonly small: number; readonly bulk: number; readonly seedsDesign: number };
  /** The analytics zone's share of the all-in figures above (small and bulk). */
  readonly zonePerMillion: { readonly small: number; readonly bulk: number };
}

class CostBenchError extends Error {
  override readonly name = 'CostBenchError';
}

/** Enough files of a size that the product's alert and rejection rates show (at least this many orders a size). */
const MIN_ORDERS_PER_SIZE = 1_000;
const BULK_FILE_ORDERS = 10_000;

const usd = (value: number) => `$${value.toFixed(3)}`;

const scheduledTimeOf = (file: number): string => new Date(Date.UTC(2026, 11, 1) + file * 60_000).toISOString().replace('.000Z', 'Z');

const runSize = async (
  pipeline: LocalPipeline,
  logs: FunctionLogMeter,
  settings: { readonly ordersPerFile: number; readonly invalidShare: number; readonly firstFile: number; readonly lambdaMemoryMb: Readonly<Record<string, number>>; readonly emailAddresses: number },
): Promise<CostRun> => {
  const files = Math.max(1, Math.ceil(MIN_ORDERS_PER_SIZE / settings.ordersPerFile));
  const events: RunnerEvent[] = [];
  const stop = pipeline.onRunnerEvent((event) => events.push(event));
  const before = pipeline.executions().length;
  const logBytesBefore = logs.bytes();
  for (let file = 0; file < files; file += 1) {
    const scheduledTime = scheduledTimeOf(settings.firstFile + file);
    const orders = mockSales({ scheduledTime, count: settings.ordersPerFile, invalidShare: settings.invalidShare });
    await pipeline.upload(`incoming/bench/${settings.ordersPerFile}/${scheduledTime}.json`, JSON.stringify(orders));
  }
  await pipeline.settled();
  stop();

  const meter = meterRun(events, {
    definition: JSON.parse(pipeline.deployment.stateMachine.definition.text) as Definition,
    tableHashKey: pipeline.deployment.table.hashKey,
    lambdaMemoryMb: settings.lambdaMemoryMb,
  });
  // What the runner does not see: the upload's PUT and the functions' own log lines.
  const outside = { s3Puts: files, logBytes: logs.bytes() - logBytesBefore };
  const usage = addUsage(meter.production, outside);
  const seedsDesignUsage = addUsage(meter.seedsDesign, outside);
  const records = pipeline.executions().slice(before);
  const outcomes = records.flatMap((record) => record.outcomes);
  const count = (...kinds: string[]) => outcomes.filter((o) => kinds.includes(o.outcome)).length;
  return {
    ordersPerFile: settings.ordersPerFile,
    files,
    orders: meter.orders,
    childExecutions: meter.childExecutions,
    meanChildMs: meter.childDurationsMs.reduce((sum, ms) => sum + ms, 0) / Math.max(1, meter.childDurationsMs.length),
    outcomes: {
      stored: count('stored'),
      rejected: count('rejected', 'conflict', 'refused'),
      duplicate: count('duplicate'),
      failed: count('failed'),
      alerted: outcomes.filter((o) => o.alerted).length,
    },
    usage,
    seedsDesignUsage,
    perMillion: billPerMillionOrders(bill(usage, US_EAST_1, settings.emailAddresses), meter.orders),
    seedsDesignPerMillion: billPerMillionOrders(bill(seedsDesignUsage, US_EAST_1, settings.emailAddresses), meter.orders),
    zonePerMillion: billPerMillionOrders(bill(meter.zone, US_EAST_1), meter.orders),
  };
};

/**
 * Runs files of each size (default: the generator's, 1,000 and 10,000 orders) through a started pipeline and prices
 * them; `small` is the first size, `bulk` the largest.
 */
export const runCostBench = async (
  pipeline: LocalPipeline,
  logs: FunctionLogMeter,
  options: { readonly sizes?: readonly number[]; readonly progress?: (line: string) => void } = {},
): Promise<CostReport> => {
  const { deployment } = pipeline;
  const ordersPerFile = terraformNumber(deployment.rootVariables, 'generator_orders_per_file', 'the root variable');
  const invalidShare = terraformNumber(deployment.rootVariables, 'generator_invalid_share', 'the root variable');
  const caps = deployment.stateMachine.definition.variables;
  // Every function a Task may invoke (the validator, the preparer, the zone writer), at its declared memory.
  const lambdaMemoryMb = Object.fromEntries(deployment.records.functions.map((declared) => [declared.arn, declared.memorySizeMb]));
  const alertEmails = deployment.rootVariables['alert_emails'];
  const emailAddresses = Array.isArray(alertEmails) ? alertEmails.length : 0;
  const sizes = [...new Set(options.sizes ?? [ordersPerFile, 1_000, BULK_FILE_ORDERS])];

  const runs: CostRun[] = [];
  let firstFile = 0;
  for (const size of sizes) {
    const started = Date.now();
    const run = await runSize(pipeline, logs, { ordersPerFile: size, invalidShare, firstFile, lambdaMemoryMb, emailAddresses });
    options.progress?.(
      `cost: ${run.files} × ${size}-order files ran in ${((Date.now() - started) / 1000).toFixed(0)} s: ${usd(run.perMillion.total)} per million orders`,
    );
    if (run.outcomes.failed > 0 || run.orders !== run.files * size)
      throw new CostBenchError(`the ${size}-order files did not run cleanly: ${run.orders} of ${run.files * size} orders read, ${run.outcomes.failed} failed`);
    runs.push(run);
    firstFile += run.files;
  }
  const small = runs[0] as CostRun;
  const bulk = runs.reduce((largest, run) => (run.ordersPerFile > largest.ordersPerFile ? run : largest), small);
  return {
    workspace: deployment.workspace,
    caps: {
      max_items_per_batch: caps['max_items_per_batch'],
      max_input_bytes_per_batch: caps['max_input_bytes_per_batch'],
      max_concurrency: caps['max_concurrency'],
      validator_memory_size: deployment.validator.memorySizeMb,
      preparer_memory_size: deployment.preparer.memorySizeMb,
      zone_writer_memory_size: lambdaMemoryMb[String(deployment.orderBatchStates.variables['zone_writer_function_arn'])],
    },
    pricesReadOn: US_EAST_1.readOn,
    region: US_EAST_1.region,
    invalidShare,
    emailAddresses,
    runs,
    costPerMillion: { small: small.perMillion.total, bulk: bulk.perMillion.total, seedsDesign: small.seedsDesignPerMillion.total },
    zonePerMillion: { small: small.zonePerMillion.total, bulk: bulk.zonePerMillion.total },
  };
};

const cells = (first: string, rest: readonly string[]) => [first.padEnd(28), ...rest.map((cell) => cell.padStart(14))].join(' ');

/** The report as a table: per million orders, service by service, each file size beside the seeds' shape. */
export const formatCostReport = (report: CostReport): string[] => {
  const small = report.runs[0] as CostRun;
  const columns = [...report.runs.map((run) => run.perMillion), small.seedsDesignPerMillion];
  const services = Object.keys(small.perMillion.byService) as Service[];
  return [
    `Cost per million orders (USD, ${report.region} list prices read ${report.pricesReadOn}), counted from local runs of workspace ${report.workspace}:`,
    `  caps ${Object.entries(report.caps).map(([name, value]) => `${name}=${String(value)}`).join(', ')}; orders from the generator's mock sales, invalid share ${report.invalidShare}`,
    cells('service', [...report.runs.map((run) => `${run.ordersPerFile}-order files`), `seeds' shape`]),
    ...services.map((service) => cells(service, columns.map((column) => usd(column.byService[service])))),
    cells('total', columns.map((column) => usd(column.total))),
    cells('+ e-mail, per address', columns.map((column) => usd(column.emailPerAddress))),
    cells('of which analytics zone', [...report.runs.map((run) => usd(run.zonePerMillion.total)), '-']),
    '',
    cells('files × orders', [...report.runs.map((run) => `${run.files} × ${run.ordersPerFile}`), `${small.files} × ${small.ordersPerFile}`]),
    cells('Express children', [...report.runs.map((run) => String(run.childExecutions)), '0']),
    cells('est. child duration', [...report.runs.map((run) => `${run.meanChildMs.toFixed(0)} ms`), '-']),
    cells('stored/rejected/alerted', [...report.runs, small].map((run) => `${run.outcomes.stored}/${run.outcomes.rejected}/${run.outcomes.alerted}`)),
    `  total includes ${report.emailAddresses} e-mail address(es) (the workspace's alert_emails); the seeds' shape is one Standard workflow with an`,
    '  inline Map, a Lambda invocation and a write per order, priced from the same run\'s counts. Express duration is estimated from',
    '  the states\' work (measured Lambda time, typical service latencies), CloudWatch Logs and X-Ray are estimates; S3 → EventBridge',
    '  events are free on the default bus.',
  ];
};
