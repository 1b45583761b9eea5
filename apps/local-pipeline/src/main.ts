import { appendFileSync, createReadStream, mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { localStateLayout, zoneDirOf } from '@sales-pipeline/analytics-engines/local-state';
import { scheduledTimeText, startTicker } from '@sales-pipeline/local-events';
import {
  formatEndpoints,
  formatFaultTally,
  formatSummary,
  isTechnicalFailure,
  describeStartProblem,
  describeStateFolderProblem,
  holdStateFolder,
  keepFailedExecutionsFile,
  localEndpoints,
  openLocalPipeline,
  smallFileMaxBytes,
  tallyFaults,
  type HeldStateFolder,
  type LocalPipeline,
  type Summary,
} from '@sales-pipeline/local-pipeline-engine';
import { faultRules } from '@sales-pipeline/local-step-functions';
import { localEndpointsFile, localFailedExecutionsFile, localRunDir } from '@sales-pipeline/pipeline-contracts';
import { displaySafe } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { compactInChildProcess } from './compaction';
import { claimEndpointsFile, releaseEndpointsFile } from './endpoints-file';
import { describeOptionsError, parseOptions, type Options } from './options';
import { lineWriter } from './output';
import { watchSignals, type Signals } from './signals';
import { ordersInUploads, unreadableUpload } from './upload-files';

// The Lambdas run on nodejs22.x; locally Node 20 is fine, and the SDK's notice about it is noise.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const EXIT_TECHNICAL_FAILURE = 1;
const EXIT_USAGE = 2;
const EXIT_STOPPED = 130;
/** Below this interval the next tick's time is not worth a line of its own. */
const SAY_NEXT_TICK_FROM_MS = 2_000;

/** The workspace root: this file is bundled to dist/apps/local-pipeline/main.js. */
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');
const runDir = localRunDir(repoRoot);

const say = lineWriter(process.stdout);
const complain = lineWriter(process.stderr);

type Schedule = NonNullable<LocalPipeline['deployment']['scheduled']>['schedule'];

/** The workspace's generator schedule, or why no generator runs in it. */
const enabledSchedule = (pipeline: LocalPipeline, workspace: string): E.Either<string, Schedule> => {
  const schedule = pipeline.deployment.scheduled?.schedule;
  if (schedule === undefined) return E.left(`workspace ${workspace} declares no aws_scheduler_schedule: no generator runs; use --upload`);
  return schedule.enabled ? E.right(schedule) : E.left(`schedule ${schedule.name} is DISABLED in workspace ${workspace} (generator_enabled = false): no generator runs; use --upload`);
};

const runSchedule = async (pipeline: LocalPipeline, schedule: Schedule, signals: Signals, ticks: number | undefined, everyMs: number | undefined) => {
  say(
    `schedule ${schedule.name}: ${schedule.expression}${everyMs === undefined ? '' : ` (locally every ${everyMs} ms)`}` +
      `${ticks === undefined ? ', until Ctrl-C' : `, ${ticks} run${ticks === 1 ? '' : 's'}`}; the first run is now`,
  );
  let last = Date.now();
  const ticker = startTicker({
    schedule: schedule.parsed,
    fireAtStart: true,
    ...(everyMs === undefined ? {} : { everyMs }),
    ...(ticks === undefined ? {} : { maxTicks: ticks }),
    onTick: (tick) => pipeline.tick(tick.scheduledTime),
    onScheduled: (nominal) => {
      if (nominal.getTime() - last >= SAY_NEXT_TICK_FROM_MS) say(`next generator run at ${scheduledTimeText(nominal)}`);
      last = nominal.getTime();
    },
    onError: (error, tick) => complain(`tick ${tick.index} failed: ${String(error)}`),
  });
  await Promise.race([ticker.done, signals.first]);
  await ticker.stop();
};

/** The files are put at once, each under its own name. */
const runUpload = async (pipeline: LocalPipeline, files: readonly string[]) => {
  await Promise.all(
    files.map((file) => {
      const key = `incoming/${basename(file)}`;
      say(`upload ${displaySafe(file)} → s3://${pipeline.deployment.bucket.name}/${displaySafe(key)}`);
      return pipeline.upload(key, createReadStream(file));
    }),
  );
};

const keepUp = async (pipeline: LocalPipeline, signals: Signals, faulted: boolean, endpointsFile: string) => {
  if (faulted) {
    // A campaign is the run before the summary: the replays and redrives of the kept session run without faults.
    pipeline.runner.clearFaults();
    pipeline.smallFileRunner.clearFaults();
    say('faults off: the campaign ended with the summary; replays and redrives (npm run ops -- dlq redrive --local) run without faults');
  }
  say(formatEndpoints(localEndpoints(pipeline, process.pid), relative(process.cwd(), endpointsFile) || endpointsFile));
  await signals.next();
};

/** The workspaces a run can evaluate: terraform/workspaces/<name>.tfvars. */
const workspacesDir = join(repoRoot, 'terraform', 'workspaces');
const knownWorkspaces = async (): Promise<string[]> =>
  (await readdir(workspacesDir).catch(() => [])).filter((name) => name.endsWith('.tfvars')).map((name) => name.slice(0, -'.tfvars'.length));

/** Orders of the uploaded files that neither the ledger's 'read' nor its four ends account for. */
const unaccountedFromFiles = (summary: Summary, ordersInFiles: number): number => {
  const ended = summary.ordersStored + summary.ordersRejected + summary.ordersDuplicate + summary.ordersFailed;
  return Math.max(Math.abs(ordersInFiles - ended), Math.abs(ordersInFiles - summary.ordersRead));
};

const run = async (options: Options): Promise<number> => {
  const workspaces = await knownWorkspaces();
  if (!workspaces.includes(options.workspace)) {
    complain(`--workspace: ${options.workspace} has no ${relative(process.cwd(), workspacesDir) || '.'}/${options.workspace}.tfvars (there are: ${workspaces.join(', ') || 'none'})`);
    return EXIT_USAGE;
  }
  if (options.mode._tag === 'Upload') {
    for (const file of options.mode.files) {
      const unreadable = await unreadableUpload(file);
      if (unreadable !== undefined) {
        complain(unreadable);
        return EXIT_USAGE;
      }
    }
  }
  const stateDir = resolve(options.stateDir ?? localStateLayout(repoRoot).stateDir);
  const held = await holdStateFolder(stateDir, { fresh: options.fresh, onLost: complain })();
  if (E.isLeft(held)) {
    complain(displaySafe(describeStateFolderProblem(held.left)));
    return held.left._tag === 'StateFolderHeld' ? EXIT_USAGE : EXIT_TECHNICAL_FAILURE;
  }
  try {
    return await runHolding(options, held.right);
  } finally {
    await held.right.release();
  }
};

const describeStateFolder = (state: HeldStateFolder, fresh: boolean): string =>
  `state folder ${displaySafe(relative(process.cwd(), state.dir) || '.')}: ${state.continues ? 'continues the previous runs' : fresh ? 'emptied (--fresh)' : 'empty, a new history'}` +
  ' (S3 objects and versions, DynamoDB tables, the queues and the zone last)';

/**
 * The zone's days written by this run (or before) become one Parquet object each, so that the reports over a long
 * history stay fast. It stops between days when the run was stopped, or at the next Ctrl-C.
 */
const compactLocalZone = async (zoneDir: string, stoppedExecutions: boolean, signals: Signals, tell: (line: string) => void): Promise<void> => {
  const report = await compactInChildProcess(zoneDir, stoppedExecutions ? Promise.resolve() : signals.next());
  if (report._tag === 'CompactionFailed') complain(`${displaySafe(report.message)} (the reports read the objects as written)`);
  else tell(report.line);
};

/** The run, on the state folder it holds. */
const runHolding = async (options: Options, state: HeldStateFolder): Promise<number> => {
  const counted = options.mode._tag === 'Upload' ? await ordersInUploads(options.mode.files)() : E.right(undefined);
  if (E.isLeft(counted)) {
    complain(counted.left.message);
    return EXIT_USAGE;
  }
  const ordersInFiles = counted.right;
  const signals = watchSignals();
  let signalled = false;
  void signals.first.then(() => (signalled = true));
  say(`starting the local pipeline (workspace ${options.workspace}) from ${repoRoot} at ${scheduledTimeText(new Date())}`);
  if (state.tookOverFrom !== undefined) say(`took over the state folder from pid ${state.tookOverFrom}, which ended without releasing it (its lock went stale)`);
  say(describeStateFolder(state, options.fresh));
  const logDir = join(runDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  say(`function logs (as CloudWatch Logs would get them): ${relative(process.cwd(), logDir) || '.'}/<function>.log`);
  // With --json the summary stays the last line of stdout: what is said after it (the queues kept at the stop, the
  // compaction) goes to stderr.
  let summaryPrinted = false;
  const tell = (line: string) => (summaryPrinted && options.json ? complain : say)(line);
  const opened = await openLocalPipeline({
    repoRoot,
    workspace: options.workspace,
    onProgress: tell,
    verbose: options.verbose,
    recordOutcomes: false,
    stateDir: state.dir,
    zoneDir: zoneDirOf(state.dir),
    faults: faultRules(options.faults, options.seed),
    onFunctionLog: (functionName, line) => appendFileSync(join(logDir, `${functionName}.log`), `${line}\n`),
  })();
  if (E.isLeft(opened)) {
    const usageError = opened.left._tag === 'UnknownFaultTarget';
    complain(`${usageError ? '' : 'local pipeline failed: '}${displaySafe(describeStartProblem(opened.left))}`);
    return usageError ? EXIT_USAGE : EXIT_TECHNICAL_FAILURE;
  }
  const pipeline = opened.right;
  const faultTally = tallyFaults(pipeline.onRunnerEvent);
  const endpoints = claimEndpointsFile(runDir, localEndpoints(pipeline, process.pid));
  let report: { readonly close: () => Promise<void> } | undefined;
  let stoppedExecutions = false;
  void signals.first.then((signal) =>
    say(`${signal}: finishing what has started… (${signal} again stops the running executions)`),
  );
  signals.onSecond((signal) => {
    stoppedExecutions = true;
    say(`${signal} again: stopping the running executions (no further batch; their unfinished orders count as failed)…`);
    pipeline.interrupt();
  });
  try {
    if (endpoints.heldBy !== undefined) {
      const shown = relative(process.cwd(), endpoints.file) || endpoints.file;
      say(`another run (pid ${endpoints.heldBy}) holds ${relative(process.cwd(), localEndpointsFile(runDir))}: this run's endpoints are in ${shown} (npm run ops -- --local --endpoints ${shown})`);
    }
    keepFailedExecutionsFile(pipeline, localFailedExecutionsFile(endpoints.file));
    // Loaded only for --report: it brings DuckDB's native module, which a run without the page does not need.
    if (options.report) report = await import('@sales-pipeline/report-live').then(({ serveLiveReport }) => serveLiveReport(pipeline, { repoRoot, say }));
    const { deployment } = pipeline;
    say(
      `data lake s3://${deployment.bucket.name}, table ${deployment.table.name}, state machines ${deployment.stateMachine.name} and ${deployment.smallFileStateMachine.name} (files up to ${String(smallFileMaxBytes(deployment))} bytes)`,
    );
    if (options.faults.length > 0) say(`injecting faults (seed ${options.seed}): ${options.faults.length} rule${options.faults.length === 1 ? '' : 's'}`);
    if (options.mode._tag === 'Upload') await runUpload(pipeline, options.mode.files);
    else {
      const schedule = enabledSchedule(pipeline, options.workspace);
      if (E.isLeft(schedule)) {
        complain(schedule.left);
        return EXIT_USAGE;
      }
      await runSchedule(pipeline, schedule.right, signals, options.mode.ticks, options.mode.everyMs);
    }
    await pipeline.settled();
    const summary = pipeline.summary();
    say(formatSummary(summary));
    if (options.faults.length > 0) formatFaultTally(faultTally).forEach((line) => say(line));
    const unaccounted = signalled || ordersInFiles === undefined ? 0 : unaccountedFromFiles(summary, ordersInFiles);
    if (ordersInFiles !== undefined) say(`  orders in the files   ${ordersInFiles} (counted from the uploaded files)${unaccounted === 0 ? '' : `: ${unaccounted} UNACCOUNTED`}`);
    const faultsInjected = options.faults.length > 0 ? { faultsInjected: faultTally.total(), faultsInjectedBy: faultTally.byRule() } : {};
    if (options.json) say(JSON.stringify({ ...summary, ...(ordersInFiles === undefined ? {} : { ordersInFiles }), ...faultsInjected }));
    summaryPrinted = true;
    if (options.keep) await keepUp(pipeline, signals, options.faults.length > 0, endpoints.file);
    if (stoppedExecutions) return EXIT_STOPPED;
    return isTechnicalFailure(summary) || unaccounted !== 0 ? EXIT_TECHNICAL_FAILURE : 0;
  } finally {
    releaseEndpointsFile(endpoints, process.pid);
    await report?.close();
    await pipeline.stop();
    await compactLocalZone(zoneDirOf(state.dir), stoppedExecutions, signals, tell);
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
    complain(`local pipeline failed: ${displaySafe(error instanceof Error ? error.message : String(error))}`);
    process.exit(EXIT_TECHNICAL_FAILURE);
  },
);
