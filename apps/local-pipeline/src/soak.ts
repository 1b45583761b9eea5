import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { reconcileLocalZone } from '@sales-pipeline/analytics-engines';
import { sqsQueueReader } from '@sales-pipeline/aws-adapters';
import {
  describeStartProblem,
  faultedRunChecks,
  formatFaultTally,
  formatSoakChecks,
  formatSummary,
  LOCAL_TIMEOUT_SCALE,
  logAlertPublishes,
  redrivenRunChecks,
  soakFiles,
  openLocalPipeline,
  tallyFaults,
  taskTimeoutSeconds,
  type AlertPublishLog,
  zoneReconciled,
  type LocalPipeline,
  type SoakCheck,
  type SoakFile,
} from '@sales-pipeline/local-pipeline-engine';
import { describeFaultSpecError, faultRules, parseFaultSpec } from '@sales-pipeline/local-step-functions';
import { deadLetterQueueOn, redriveDeadLetters } from '@sales-pipeline/operations';
import { localPipelineReplayers, observeSoak } from '@sales-pipeline/operations-local';
import { displaySafe } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import pLimit from 'p-limit';
import { exitOnInterrupt, stopOnInterrupt, wasInterrupted } from './interrupt';
import { lineWriter, say } from './output';
import { terraformNumber } from './terraform-number';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');

/**
 * The default campaign: transient faults on every service the child calls, none of which can make an alert go out
 * twice. A lost SNS publish answer (`sns:publish=…/after`) can: SNS Publish is not idempotent, so the retry e-mails
 * again (docs/architecture.md, "The window").
 */
const DEFAULT_FAULTS =
  'dynamodb:putItem=throttle@10%,dynamodb:putItem=error@3%/after,dynamodb:updateItem=error@5%,dynamodb:getItem=throttle@5%,' +
  'sns:publish=throttle@10%,sqs:sendMessage=error@5%,lambda:invoke=crash@3%';

const usage = `Usage: npm run soak -- [options]

Puts many order files into the local pipeline at once, under injected faults, drains, and checks what a user relies
on: every order read is stored, rejected, duplicate or failed, and every failed order is on the dead-letter queue,
replayable. Then, faults off, it redrives the dead-letter queue as \`npm run ops -- dlq redrive\` does and checks
again: nothing is stored twice, every stored high-value order is alerted exactly once (the e-mail inbox counted),
the dead-letter queue is empty; and the analytics zone the run wrote reconciles with the table as
\`npm run ops -- reconcile\` compares them (per sale day count and revenue, each stored order once).
The files are the generator's mock sales plus the same order twice in a file, the same order in two files put at
once, and conflicting copies.

Options:
  --files <n>            how many files (default 200)
  --orders-per-file <n>  orders per file before the repeats (default: the Terraform's generator_orders_per_file)
  --faults <spec>        the fault campaign, TARGET=FAULT[@SHARE][/PHASE],... (default:
                         ${DEFAULT_FAULTS})
                         "none" for no faults
  --seed <n>             seed of the campaign's draws (default 1). The seed fixes the files and the sequence of
                         draws, not which call draws which: the files' calls run concurrently, so the faults hit
                         other orders from run to run, and the figures vary; every check holds for each run
  --json                 the checks and the summary as one JSON object on the last line of stdout
  --help                 show this help

Exit codes: 0 every check holds; 1 a check failed or the pipeline could not run; 2 wrong options; 130 stopped by
Ctrl-C (the pipeline stopped, its temporary folders removed).
`;

/** A usage error: the message quotes the arguments as given, so it is made display-safe as npm start's are. */
const usageError = (message: string): never => {
  process.stderr.write(`${displaySafe(message)}\n\n${usage}`);
  return process.exit(2);
};

const wholeNumber = (option: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : usageError(`--${option}: "${text}" is not a whole number of at least 1.`);
};

const parseOptions = () => {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        files: { type: 'string' },
        'orders-per-file': { type: 'string' },
        faults: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
};

const UPLOADS_AT_ONCE = 32;


/** The checks of one phase, printed; true when every one holds. */
const report = (phase: string, checks: readonly SoakCheck[]): boolean => {
  say(`${phase}:`);
  say(formatSoakChecks(checks));
  return checks.every((check) => check.ok);
};

/** Faults off, every dead letter replayed the way its producer needs (the ops command's redrive), then drained. */
const redrive = async (pipeline: LocalPipeline, sqs: SQSClient): Promise<number> => {
  pipeline.runner.clearFaults();
  pipeline.smallFileRunner.clearFaults();
  const replayers = localPipelineReplayers(pipeline);
  try {
    const queue = deadLetterQueueOn(sqsQueueReader(sqs), pipeline.deployment.queues.deadLetter.url);
    const results = await redriveDeadLetters(queue, replayers, {})();
    if (E.isLeft(results)) throw new Error(`the redrive could not read the dead-letter queue: ${results.left.errorName}: ${results.left.message}`);
    await pipeline.settled();
    return results.right.filter((result) => result.outcome._tag === 'Replayed').length;
  } finally {
    replayers.close();
  }
};

/** The failed executions by error and the start of its cause: what a failed soak should be read from first. */
const failedExecutionErrors = (pipeline: LocalPipeline): [string, number][] => {
  const counts = new Map<string, number>();
  for (const { result } of pipeline.executions().filter((record) => record.result.status === 'FAILED')) {
    const error = `${result.error ?? '(no error)'}: ${(result.cause ?? '').slice(0, 160)}`;
    counts.set(error, (counts.get(error) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
};

/** The zone the run wrote (mirrored to `zoneDir`) against the table: `npm run ops -- reconcile`'s comparison. */
const zoneCheck = async (pipeline: LocalPipeline, zoneDir: string, dynamodb: DynamoDBClient): Promise<SoakCheck> => {
  const result = await reconcileLocalZone(zoneDir, dynamodb, pipeline.deployment.table.name)();
  return E.isRight(result) ? zoneReconciled(result.right) : { name: 'zone reconciles with the table', ok: false, detail: `could not read: ${JSON.stringify(result.left)}` };
};

const observe = (pipeline: LocalPipeline, files: readonly SoakFile[], dynamodb: DynamoDBClient, publishes: AlertPublishLog) =>
  observeSoak(
    pipeline,
    files,
    dynamodb,
    terraformNumber(pipeline.deployment.rootVariables, 'high_value_threshold', 'the root variable'),
    new Map([...publishes.byMessage()].map(([message, { outcomeUnknown }]) => [message, outcomeUnknown])),
  );

const PUBLISH_STATE = 'PublishHighValueAlert';

/** Logs the alert publishes against the publish Task's timeout as the local runner applies it. */
const alertPublishLog = (pipeline: LocalPipeline): AlertPublishLog => {
  const timeoutSeconds = taskTimeoutSeconds(JSON.parse(pipeline.deployment.stateMachine.definition.text), PUBLISH_STATE);
  if (timeoutSeconds === undefined) throw new Error(`the order pipeline's state machine has no ${PUBLISH_STATE} Task with a TimeoutSeconds`);
  return logAlertPublishes(pipeline.onRunnerEvent, { publishState: PUBLISH_STATE, timeoutMs: timeoutSeconds * 1000 * LOCAL_TIMEOUT_SCALE });
};

const SHOWN_UNKNOWN_OUTCOMES = 10;

/**
 * The publishes' lines: what a failed alert check is read from first. The totals, then per order (its alert text,
 * display-safe by construction) the publishes of unknown outcome: attempted, taken by SNS, never answered in time.
 */
const formatPublishes = (publishes: AlertPublishLog): string[] => {
  const { attempted, delivered, outcomeUnknown } = publishes.totals();
  const unknown = [...publishes.byMessage()].filter(([, counts]) => counts.outcomeUnknown > 0);
  return [
    `  alert publishes       ${attempted} attempted, ${delivered} taken by SNS, ${outcomeUnknown} of them with an outcome the execution never knew (timed out or lost)`,
    ...unknown
      .slice(0, SHOWN_UNKNOWN_OUTCOMES)
      .map(([message, counts]) => `    "${message}": ${counts.attempted} attempted, ${counts.delivered} taken, ${counts.outcomeUnknown} of unknown outcome`),
    ...(unknown.length > SHOWN_UNKNOWN_OUTCOMES ? [`    … and ${unknown.length - SHOWN_UNKNOWN_OUTCOMES} more orders`] : []),
  ];
};

const main = async (): Promise<number> => {
  const options = parseOptions();
  if (options.help) {
    process.stdout.write(usage);
    return 0;
  }
  const spec = options.faults ?? DEFAULT_FAULTS;
  const campaign = spec === 'none' ? E.right([]) : parseFaultSpec(spec);
  if (E.isLeft(campaign)) return usageError(describeFaultSpecError(campaign.left));
  const seed = wholeNumber('seed', options.seed, 1);
  const fileCount = wholeNumber('files', options.files, 200);

  const zoneDir = await mkdtemp(join(tmpdir(), 'sales-pipeline-soak-zone-'));
  // On every exit, a Ctrl-C while the pipeline is still starting included (exitOnInterrupt ends with process.exit).
  process.once('exit', () => rmSync(zoneDir, { recursive: true, force: true }));
  const opened = await openLocalPipeline({ repoRoot, zoneDir, faults: faultRules(campaign.right, seed), onFunctionLog: () => undefined, recordOutcomes: true })();
  if (E.isLeft(opened)) {
    if (opened.left._tag === 'UnknownFaultTarget') return usageError(opened.left.message);
    throw new Error(describeStartProblem(opened.left));
  }
  const pipeline = opened.right;
  const stopPipeline = stopOnInterrupt(pipeline);
  const faultTally = tallyFaults(pipeline.onRunnerEvent);
  const publishes = alertPublishLog(pipeline);
  const dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  const sqs = new SQSClient(pipeline.emulators.clientConfig('sqs'));
  try {
    const terraform = pipeline.deployment.rootVariables;
    const files = soakFiles({
      files: fileCount,
      ordersPerFile: wholeNumber('orders-per-file', options['orders-per-file'], terraformNumber(terraform, 'generator_orders_per_file', 'the root variable')),
      invalidShare: terraformNumber(terraform, 'generator_invalid_share', 'the root variable'),
      startTime: new Date('2026-12-01T00:00:00Z'),
    });
    const orders = files.reduce((sum, file) => sum + file.orders.length, 0);
    say(`soak: ${files.length} files, ${orders} orders, put at once; faults ${spec === 'none' ? 'none' : spec} (seed ${seed})`);
    // At once, but within the SDK client's 50 sockets (more only queue inside the client, with a warning).
    const uploading = pLimit(UPLOADS_AT_ONCE);
    await Promise.all(files.map((file) => uploading(() => pipeline.upload(file.key, JSON.stringify(file.orders)))));
    await pipeline.settled();
    const faultsInjected = faultTally.total();
    say(formatSummary(pipeline.summary()));
    formatFaultTally(faultTally).forEach(say);
    for (const [error, count] of failedExecutionErrors(pipeline)) say(`  failed executions     ${count} with ${error}`);
    const faulted = faultedRunChecks(await observe(pipeline, files, dynamodb, publishes));
    const faultedPassed = report('under faults', faulted);
    const replayed = await redrive(pipeline, sqs);
    say(`redrive (faults off): ${replayed} dead letters replayed`);
    formatPublishes(publishes).forEach(say);
    const redriven = redrivenRunChecks(await observe(pipeline, files, dynamodb, publishes));
    const zone = [await zoneCheck(pipeline, zoneDir, dynamodb)];
    const redrivenPassed = report('after the redrive', redriven);
    const passed = report('the analytics zone', zone) && redrivenPassed && faultedPassed;
    const summary = pipeline.summary();
    say(passed ? 'soak passed: every check holds' : 'SOAK FAILED: see the checks marked FAIL');
    if (options.json) say(JSON.stringify({ passed, faultsInjected, faultsInjectedBy: faultTally.byRule(), deadLettersReplayed: replayed, alertPublishes: publishes.totals(), checks: { faulted, redriven, zone }, summary }));
    return passed ? 0 : 1;
  } finally {
    sqs.destroy();
    dynamodb.destroy();
    await stopPipeline();
  }
};

exitOnInterrupt(say);
main().then(
  (code) => {
    if (!wasInterrupted()) process.exit(code);
  },
  (error: unknown) => {
    if (wasInterrupted()) return;
    lineWriter(process.stderr)(`soak failed: ${displaySafe(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
