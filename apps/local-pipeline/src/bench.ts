import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { createFunctionLogMeter, formatCostReport, runCostBench } from './bench-cost';
import { formatColdStarts, measureColdStarts } from './bench-cold-start';

const usage = `Usage: npm run bench -- [options]

Runs order files of the generator's size, 1,000 and 10,000 orders through the local pipeline with the Terraform's
prod workspace (its batch caps and memory), prints the cost per million orders service by service beside the seeds'
shape, then the functions' cold starts against a bare handler.

Options:
  --sizes <n,n,...>  orders per file of each run (default: the generator's, 1000, 10000); small = the first, bulk = the largest
  --cost-only        the cost report alone
  --cold-start-only  the cold starts alone
  --json             end with the figures as one JSON object on the last line of stdout
  --help             show this help
`;

const COLD_START_REPETITIONS = 9;
/** The workspace whose caps production runs: what the bench prices. */
const PRICED_WORKSPACE = 'prod';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');

const parseOptions = () => {
  try {
    return parseArgs({ args: process.argv.slice(2), strict: true, allowPositionals: false, options: {
        sizes: { type: 'string' },
        'cost-only': { type: 'boolean' },
        'cold-start-only': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    })
      .values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return process.exit(2);
  }
};

const main = async () => {
  const options = parseOptions();
  if (options.help) {
    console.log(usage);
    return;
  }
  const sizes = options.sizes?.split(',').map((size) => size.trim());
  if (sizes && !sizes.every((size) => /^\d+$/.test(size) && Number(size) >= 1 && Number(size) <= 100_000)) {
    console.error(`--sizes ${options.sizes}: expected whole numbers of orders per file from 1 to 100000, separated by commas\n\n${usage}`);
    process.exit(2);
  }
  if (options['cost-only'] && options['cold-start-only']) {
    console.error(`--cost-only and --cold-start-only exclude each other\n\n${usage}`);
    process.exit(2);
  }
  const logs = createFunctionLogMeter();
  const pipeline = await startLocalPipeline({ repoRoot, workspace: PRICED_WORKSPACE, onFunctionLog: logs.record });
  try {
    const cost = options['cold-start-only'] ? undefined : await runCostBench(pipeline, logs, { ...(sizes ? { sizes: sizes.map(Number) } : {}), progress: (line) => console.error(line) });
    if (cost) for (const line of formatCostReport(cost)) console.log(line);
    const coldStart = options['cost-only'] ? undefined : await measureColdStarts(pipeline, repoRoot, COLD_START_REPETITIONS);
    if (coldStart) for (const line of ['', ...formatColdStarts(coldStart, COLD_START_REPETITIONS)]) console.log(line);
    if (options.json) console.log(JSON.stringify({ ...cost, ...(coldStart ? { coldStart } : {}) }));
  } finally {
    await pipeline.stop();
  }
};

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
