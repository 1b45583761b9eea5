import { resolve } from 'node:path';
import { startLocalPipeline, type ExecutionRecord, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { MILLION, SCALE_SIZES, runScaleBench } from './bench-scale';

/**
 * `npm run bench`: runs order files of several sizes through the local pipeline and prints, side by side from the
 * same runs, what the production shape (a Standard parent whose distributed Map hands batches to Express children)
 * would cost per million orders against the same states billed as one Standard workflow (the seeds' shape), plus
 * the local throughput. Counts are measured; prices are AWS's public us-east-1 list prices (Nov 2026).
 */
const PRICE = {
  standardTransition: 0.025 / 1000,
  expressRequest: 1 / 1_000_000,
  expressGbSecond: 0.00001667,
  expressMemoryGb: 64 / 1024,
  expressMinimumSeconds: 0.1,
};
const SIZES = (process.env['BENCH_SIZES'] ?? '25,1000,10000').split(',').map(Number);

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');

const orderFile = (size: number, run: number): string =>
  JSON.stringify(
    Array.from({ length: size }, (_, i) => ({
      order_id: `bench-${run}-${i}`,
      created_at: '2026-11-20T10:00:00Z',
      product: 'Keyboard',
      quantity: 1 + (i % 3),
      price: 50 + ((i * 37) % 450),
      status: 'pending',
      ...(i % 10 === 9 ? {} : { 'contact-info': { email: 'buyer@example.com' } }),
    })),
  );

interface Figures {
  readonly orders: number;
  readonly children: number;
  readonly parentTransitions: number;
  readonly allTransitions: number;
  readonly childSeconds: number;
  readonly wallMs: number;
}

const perMillion = (cost: number, orders: number) => (cost / orders) * 1_000_000;

const measure = async (pipeline: LocalPipeline, size: number, run: number): Promise<Figures> => {
  const parentStates = new Set(Object.keys((JSON.parse(pipeline.deployment.stateMachine.definition.text) as { States: object }).States));
  let childSeconds = 0;
  const stop = pipeline.runner.onEvent((event) => {
    if (event.type === 'ExecutionEnded' && event.kind === 'EXPRESS') childSeconds += Math.max(event.durationMs / 1000, PRICE.expressMinimumSeconds);
  });
  const before = pipeline.executions().length;
  const started = Date.now();
  await pipeline.upload(`incoming/bench/orders-${size}.json`, orderFile(size, run));
  await pipeline.settled();
  const wallMs = Date.now() - started;
  stop();
  const [record] = pipeline.executions().slice(before) as [ExecutionRecord];
  const { counters } = record.result;
  const parentTransitions = Object.entries(counters.statesEntered)
    .filter(([state]) => parentStates.has(state))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    orders: record.ordersRead,
    children: counters.childExecutionsStarted,
    parentTransitions,
    allTransitions: counters.stateTransitions,
    childSeconds,
    wallMs,
  };
};

const row = (cells: readonly (string | number)[]) => cells.map((cell, i) => String(cell).padStart(i === 0 ? 8 : 14)).join(' ');

const main = async () => {
  if (!process.argv.includes('--scale-only')) await costRows();
  const sizes = process.env['BENCH_SCALE_SIZES']
    ? process.env['BENCH_SCALE_SIZES'].split(',').map(Number)
    : process.argv.includes('--million')
      ? [...SCALE_SIZES, MILLION]
      : SCALE_SIZES;
  if (!(await runScaleBench(repoRoot, sizes))) process.exitCode = 1;
};

const costRows = async () => {
  const pipeline = await startLocalPipeline({ repoRoot, onFunctionLog: () => undefined });
  try {
    const caps = pipeline.deployment.modules['order_pipeline']?.variables ?? {};
    console.log('Orchestration cost per million orders, measured from local runs of the deployed template (same run, two billing shapes)');
    console.log(
      `workspace ${pipeline.deployment.workspace}: MaxItemsPerBatch ${String(caps['max_items_per_batch'])}, ` +
        `MaxInputBytesPerBatch ${String(caps['max_input_bytes_per_batch'])}, MaxConcurrency ${String(caps['max_concurrency'])}`,
    );
    console.log(row(['orders', 'children', 'billed trans.', 'all states', 'Standard-only $', 'production $', 'ratio', 'local orders/s']));
    for (const [run, size] of SIZES.entries()) {
      const f = await measure(pipeline, size, run);
      // Production: the Standard parent's transitions (plus one per child started) and the Express children.
      const production =
        (f.parentTransitions + f.children) * PRICE.standardTransition +
        f.children * PRICE.expressRequest +
        f.childSeconds * PRICE.expressMemoryGb * PRICE.expressGbSecond;
      // The seeds' shape: every state entered, parent and per order, billed as Standard transitions.
      const standardOnly = f.allTransitions * PRICE.standardTransition;
      console.log(
        row([
          f.orders,
          f.children,
          f.parentTransitions + f.children,
          f.allTransitions,
          perMillion(standardOnly, f.orders).toFixed(2),
          perMillion(production, f.orders).toFixed(2),
          `${(standardOnly / production).toFixed(1)}x`,
          Math.round((f.orders / f.wallMs) * 1000),
        ]),
      );
    }
    console.log(
      'billed trans. = Standard transitions of the parent plus one per child started; all states = every state entered,\n' +
        'parent and children. Express duration is the local child wall time (at least 100 ms each) at 64 MB: an upper bound.\n' +
        'Compute (Lambda), DynamoDB, SQS and SNS cost the same in both shapes and are left out; see terraform/README.md.',
    );
  } finally {
    await pipeline.stop();
  }
};

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
