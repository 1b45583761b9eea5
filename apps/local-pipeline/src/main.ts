import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { scheduledTimeText, startTicker } from '@sales-pipeline/local-events';
import { formatSummary, startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import * as E from 'fp-ts/Either';
import { describeOptionsError, parseOptions, type Options } from './options';

// The Lambdas run on nodejs22.x; locally Node 20 is fine, and the SDK's notice about it is noise.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

/** The workspace root: this file is bundled to dist/apps/local-pipeline/main.js. */
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

const runSchedule = async (pipeline: LocalPipeline, ticks: number | undefined, everyMs: number | undefined) => {
  const { schedule } = pipeline.deployment;
  say(
    `schedule ${schedule.name}: ${schedule.expression}${everyMs === undefined ? '' : ` (locally every ${everyMs} ms)`}` +
      `${ticks === undefined ? ', until Ctrl-C' : `, ${ticks} run${ticks === 1 ? '' : 's'}`}`,
  );
  const ticker = startTicker({
    schedule: schedule.parsed,
    ...(everyMs === undefined ? {} : { everyMs }),
    ...(ticks === undefined ? {} : { maxTicks: ticks }),
    onTick: (tick) => pipeline.tick(tick.scheduledTime),
    onError: (error, tick) => complain(`tick ${tick.index} failed: ${String(error)}`),
  });
  const interrupted = new Promise<void>((done) => process.once('SIGINT', () => done()));
  await Promise.race([ticker.done, interrupted.then(() => say('Ctrl-C: finishing what has started…'))]);
  await ticker.stop();
};

const runUpload = async (pipeline: LocalPipeline, file: string) => {
  const body = await readFile(file);
  const key = `incoming/${basename(file)}`;
  say(`upload ${file} → s3://${pipeline.deployment.bucket.name}/${key}`);
  await pipeline.upload(key, body);
};

const run = async (options: Options): Promise<number> => {
  if (options.mode._tag === 'Upload') {
    const file = options.mode.file;
    const readable = await readFile(file).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error.message,
    );
    if (readable !== undefined) {
      complain(`--upload: cannot read ${file}: ${readable}`);
      return EXIT_USAGE;
    }
  }
  say(`starting the local pipeline (workspace local) from ${repoRoot} at ${scheduledTimeText(new Date())}`);
  const logDir = join(repoRoot, 'tmp', 'local-pipeline', 'logs');
  mkdirSync(logDir, { recursive: true });
  say(`function logs (as CloudWatch Logs would get them): ${relative(process.cwd(), logDir) || '.'}/<function>.log`);
  const pipeline = await startLocalPipeline({
    repoRoot,
    onProgress: say,
    onFunctionLog: (functionName, line) => appendFileSync(join(logDir, `${functionName}.log`), `${line}\n`),
  });
  try {
    const { deployment } = pipeline;
    say(`data lake s3://${deployment.bucket.name}, table ${deployment.table.name}, state machine ${deployment.stateMachine.name}`);
    if (options.mode._tag === 'Upload') await runUpload(pipeline, options.mode.file);
    else await runSchedule(pipeline, options.mode.ticks, options.mode.everyMs);
    await pipeline.settled();
    const summary = pipeline.summary();
    say(formatSummary(summary));
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await pipeline.stop();
  }
};

const main = async () => {
  const options = parseOptions(process.argv.slice(2));
  if (E.isLeft(options)) {
    const help = options.left._tag === 'HelpRequested';
    (help ? process.stdout : process.stderr).write(`${describeOptionsError(options.left)}\n`);
    return help ? 0 : EXIT_USAGE;
  }
  return run(options.right);
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    complain(`local pipeline failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT_FAILURE);
  },
);
