import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { displaySafe } from '@sales-pipeline/orders-domain';
import { createFunctionLogMeter, formatCostReport, runCostBench } from './bench-cost';
import { formatColdStarts, measureColdStarts } from './bench-cold-start';
import { MILLION, SCALE_SIZES, runScaleBench } from './bench-scale';
import { exitOnInterrupt, stopOnInterrupt, wasInterrupted } from './interrupt';
import { complain, say } from './output';

const usage = `Usage: npm run bench -- [options]

Runs order files of the generator's size, 1,000 and 10,000 orders through the local pipeline with the caps of a
Terraform workspace (default prod: its batch caps and memory), prints the cost per million orders service by service
beside the seeds' shape, the functions' cold starts against a bare handler, then the scale rows (10,000 and 100,000
orders: orders/s, peak RSS and the ratio to the pipeline's own sink, measured in the same run).

Options:
  --sizes <n,n,...>  orders per file of each run (default: the generator's, 1000, 10000); small = the first, bulk = the largest
  --cost-only        the cost report alone
  --cold-start-only  the cold starts alone
  --scale-only       the scale rows alone
  --million          add a 1,000,000-order scale row (about 170 MB of orders)
  --workspace <name> the workspace whose tfvars the runs evaluate (default prod; local is npm start's small batches)
  --json             end with the cost and cold-start figures as one JSON object on the last line of stdout
  --help             show this help

Exit codes: 0 done; 1 a run failed or a scale row left orders unaccounted for; 2 wrong options; 130 stopped by
Ctrl-C (the local pipeline stopped, its temporary folders removed).
`;

const COLD_START_REPETITIONS = 15;
/** The workspace whose caps production runs: what the bench prices and scales by default. */
const DEFAULT_WORKSPACE = 'prod';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');

const fail = (message: string): never => {
  complain(`${displaySafe(message)}\n\n${usage}`);
  return process.exit(2);
};

const parseOptions = () => {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        sizes: { type: 'string' },
        'cost-only': { type: 'boolean' },
        'cold-start-only': { type: 'boolean' },
        'scale-only': { type: 'boolean' },
        million: { type: 'boolean' },
        workspace: { type: 'string', default: DEFAULT_WORKSPACE },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    const only = (['cost-only', 'cold-start-only', 'scale-only'] as const).filter((name) => values[name]);
    if (only.length > 1) fail(`${only.map((name) => `--${name}`).join(' and ')} exclude each other`);
    const section = only[0];
    return { ...values, runs: (name: 'cost-only' | 'cold-start-only' | 'scale-only') => section === undefined || section === name };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
};

const main = async () => {
  const options = parseOptions();
  if (options.help) {
    say(usage);
    return;
  }
  const sizes = options.sizes?.split(',').map((size) => size.trim());
  if (sizes && !sizes.every((size) => /^\d+$/.test(size) && Number(size) >= 1 && Number(size) <= 100_000)) {
    fail(`--sizes ${options.sizes}: expected whole numbers of orders per file from 1 to 100000, separated by commas`);
  }
  let figures: Record<string, unknown> = {};
  if (options.runs('cost-only') || options.runs('cold-start-only')) {
    const logs = createFunctionLogMeter();
    const pipeline = await startLocalPipeline({ repoRoot, workspace: options.workspace, onFunctionLog: logs.record });
    const stopPipeline = stopOnInterrupt(pipeline);
    try {
      const cost = options.runs('cost-only') ? await runCostBench(pipeline, logs, { ...(sizes ? { sizes: sizes.map(Number) } : {}), progress: (line) => complain(line) }) : undefined;
      if (cost) for (const line of formatCostReport(cost)) say(line);
      const coldStart = options.runs('cold-start-only') ? await measureColdStarts(pipeline, repoRoot, COLD_START_REPETITIONS) : undefined;
      if (coldStart) for (const line of ['', ...formatColdStarts(coldStart, COLD_START_REPETITIONS)]) say(line);
      figures = { ...cost, ...(coldStart ? { coldStart } : {}) };
    } finally {
      await stopPipeline();
    }
  }
  if (options.runs('scale-only')) {
    const sizes = process.env['BENCH_SCALE_SIZES'] ? process.env['BENCH_SCALE_SIZES'].split(',').map(Number) : options.million ? [...SCALE_SIZES, MILLION] : SCALE_SIZES;
    say('');
    if (!(await runScaleBench(repoRoot, sizes, options.workspace))) process.exitCode = 1;
  }
  if (options.json) say(JSON.stringify(figures));
};

exitOnInterrupt(complain);
main().catch((error: unknown) => {
  if (wasInterrupted()) return;
  complain(`bench failed: ${displaySafe(error instanceof Error ? error.message : String(error))}`);
  process.exit(1);
});
