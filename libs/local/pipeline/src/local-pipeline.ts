import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Upload } from '@aws-sdk/lib-storage';
import { sqsQueue } from '@sales-pipeline/aws-adapters';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { createResources, describeDeploymentProblem, localDeployment, type FunctionInfo, type LocalDeployment } from '@sales-pipeline/local-deployment';
import { createInFlight, objectCreatedRule, type CompiledPattern, type ObjectCreatedRule } from '@sales-pipeline/local-events';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import {
  createStateMachineRunner,
  type Definition,
  type ExecutionResult,
  type FaultRule,
  type Json,
  type RunnerEvent,
  type StateMachineRunner,
} from '@sales-pipeline/local-step-functions';
import { OrderFileWritten } from '@sales-pipeline/sales-generation';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { createExecutionLedger, type ExecutionRecord } from './execution-ledger';
import { deadLetterFailedExecution, invokeAsynchronously } from './failure-paths';
import { checkFaultTargets } from './fault-check';
import { ordersInFile } from './orders-in-file';
import { formatProgress, type Progress } from './progress';
import { queueInspector, type PeekedMessage } from './queue-inspection';
import { type Summary } from './summary';
import { createUploadWatch } from './upload-watch';

export interface LocalPipelineOptions {
  /** The repository root: terraform/ and dist/lambda/ are read from there. */
  readonly repoRoot: string;
  /** The Terraform workspace whose tfvars the run evaluates (default `local`; the bench runs `prod`'s caps). */
  readonly workspace?: string;
  /** Progress lines (no contact info in any); default: none. */
  readonly onProgress?: (line: string) => void;
  readonly faults?: readonly FaultRule[];
  /** Retry and Wait seconds scaled to local time (default 0.001: a second becomes a millisecond). */
  readonly timeScale?: number;
  /** Each function's log lines (what CloudWatch Logs would get); default: this process's stdout. */
  readonly onFunctionLog?: (functionName: string, line: string) => void;
  /** Alert lines with the e-mail as the subscribers read it (default: one line per alert). */
  readonly verbose?: boolean;
  /** Keep every order's outcome on its ExecutionRecord (tests); default true. Counts are kept either way. */
  readonly recordOutcomes?: boolean;
  /** How often a running execution reports orders done of read, with orders/s (default 5 s; 0: never). */
  readonly liveEveryMs?: number;
  /** Where ResultWriter starts a new result file (default: the runner's). */
  readonly resultFileBytes?: number;
}

export interface LocalPipeline {
  readonly deployment: LocalDeployment;
  readonly emulators: Emulators;
  /** The Standard machine (files over the small-file threshold, and those the Express entry hands over). */
  readonly runner: StateMachineRunner;
  /** The Express entry for small files. */
  readonly smallFileRunner: StateMachineRunner;
  /** Both runners' events, as one stream. */
  readonly onRunnerEvent: (listener: (event: RunnerEvent) => void) => () => void;
  readonly rule: ObjectCreatedRule;
  readonly smallFileRule: ObjectCreatedRule;
  /** One Scheduler invocation of the generator for a scheduled time (Lambda's async retries, then its on-failure destination). */
  readonly tick: (scheduledTime: string) => Promise<void>;
  /** Puts an order file into the data lake, as a user's upload does (multipart above 8 MiB, as the AWS CLI); its event starts an execution. */
  readonly upload: (key: string, body: string | Uint8Array | Readable) => Promise<{ readonly versionId?: string }>;
  /** StartExecution of the Standard machine with this input (as the operations redrive calls it); resolves with its record when it has ended. */
  readonly startExecution: (event: ObjectCreatedEvent) => Promise<ExecutionRecord>;
  /** Resolves when every event seen so far has been delivered and every execution it started has ended. */
  readonly settled: () => Promise<void>;
  /** Stops the executions running (as StopExecution): they start no further batch, finish the running ones and fail. */
  readonly interrupt: () => void;
  readonly executions: () => readonly ExecutionRecord[];
  /** The input of each child execution (batch) of an execution, as ResultWriter recorded it. */
  readonly childInputs: (record: ExecutionRecord) => Promise<readonly string[]>;
  readonly summary: () => Summary;
  /** Every message on a queue, left on it. */
  readonly peekQueue: (queueUrl: string) => Promise<readonly PeekedMessage[]>;
  readonly stop: () => Promise<void>;
}

export class LocalPipelineStartError extends Error {
  override readonly name = 'LocalPipelineStartError';
}

/** The AWS CLI's multipart threshold and part size (`multipart_threshold`, `multipart_chunksize`: 8 MB). */
const MULTIPART_PART_BYTES = 8 * 1024 * 1024;
/**
 * Every Task's TimeoutSeconds and every function's timeout, stretched locally: all executions share one emulator
 * process, one socket pool and one environment per function, so under load a call waits in queues AWS does not have.
 * A function's timeout still ends a handler that hangs, so that its one environment serves the next invocation.
 */
const LOCAL_TIMEOUT_SCALE = 10;

const Manifest = t.type({ ResultFiles: t.record(t.string, t.array(t.type({ Key: t.string }))) });
const ResultRecords = t.array(t.type({ Input: t.string }));

/**
 * The whole pipeline on this machine: the emulators with the resources Terraform declares for workspace `local`,
 * the three Lambdas from their packaged zips, the rendered state machines (the Standard machine and the Express entry),
 * the object-created rules that start them with their rendered patterns, and the failure paths AWS provides (Lambda's
 * on-failure destination, the failed-executions rule).
 */
export const startLocalPipeline = async (options: LocalPipelineOptions): Promise<LocalPipeline> => {
  const startedAt = Date.now();
  const deployment = await localDeployment(options.repoRoot, options.workspace === undefined ? {} : { workspace: options.workspace })();
  if (E.isLeft(deployment)) {
    throw new LocalPipelineStartError(`cannot read the Terraform for workspace ${options.workspace ?? 'local'}: ${describeDeploymentProblem(deployment.left)}`);
  }
  checkFaultTargets(deployment.right, options.faults ?? []);
  const dynamodbPath = await mkdtemp(join(tmpdir(), 'sales-pipeline-dynamodb-'));
  const emulators = await startEmulators({ region: deployment.right.region, dynamodbPath });
  const started: LambdaFunction[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.map((fn) => fn.stop()));
    await emulators.stop();
    await rm(dynamodbPath, { recursive: true, force: true });
  };
  try {
    return await startOn(deployment.right, emulators, started, options, startedAt, stopAll);
  } catch (error) {
    await stopAll();
    throw error;
  }
};

const startOn = async (
  deployment: LocalDeployment,
  emulators: Emulators,
  started: LambdaFunction[],
  options: LocalPipelineOptions,
  startedAt: number,
  stopAll: () => Promise<void>,
): Promise<LocalPipeline> => {
  const progress = (event: Progress) => options.onProgress?.(formatProgress(event));
  const resources = await createResources(emulators, deployment)();
  if (E.isLeft(resources)) throw new LocalPipelineStartError(`cannot create ${resources.left.resource} on the emulators: ${resources.left.message}`);
  const logsOf = (functionName: string) => (options.onFunctionLog ? { onLog: (line: string) => options.onFunctionLog?.(functionName, line) } : {});
  const startFunction = async (info: FunctionInfo): Promise<readonly [string, LambdaFunction]> => {
    const fn = await startFunctionFromZip(info.packagePath, {
      handler: info.handler,
      environment: { ...emulators.lambdaEnvironment(), ...info.environment },
      timeoutMs: info.timeoutSeconds * 1000 * LOCAL_TIMEOUT_SCALE,
      memorySizeMb: info.memorySizeMb,
      ...logsOf(info.functionName),
    });
    started.push(fn);
    return [info.arn, fn];
  };
  // Every function the Terraform declares, by ARN: the state machines' Tasks and the schedule reach them so.
  const functions: Readonly<Record<string, LambdaFunction>> = Object.fromEntries(await Promise.all(deployment.records.functions.map(startFunction)));
  const generator = functions[deployment.generator.arn];
  if (generator === undefined) throw new LocalPipelineStartError(`the schedule's function ${deployment.generator.functionName} did not start`);

  const s3 = new S3Client(emulators.clientConfig('s3'));
  const sqs = new SQSClient(emulators.clientConfig('sqs'));
  const queue = sqsQueue(sqs);
  const runnerOptions = {
    clients: {
      s3: emulators.clientConfig('s3'),
      sqs: emulators.clientConfig('sqs'),
      sns: emulators.clientConfig('sns'),
      dynamodb: emulators.clientConfig('dynamodb'),
    },
    functions,
    region: deployment.region,
    accountId: deployment.account,
    taskTimeoutScale: LOCAL_TIMEOUT_SCALE,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
  };
  const definition: Definition = JSON.parse(deployment.stateMachine.definition.text);
  const runner = createStateMachineRunner({
    ...runnerOptions,
    definition,
    stateMachineName: deployment.stateMachine.name,
    ...(options.resultFileBytes === undefined ? {} : { resultFileBytes: options.resultFileBytes }),
  });
  /** The Express entry's hand-over: StartExecution of the Standard machine, which runs on (fire and forget). */
  const handOver = async (stateMachineArn: string, input: Json) => {
    if (stateMachineArn !== runner.stateMachineArn) throw new Error(`no state machine ${stateMachineArn} runs locally`);
    if (!ObjectCreatedEvent.is(input)) throw new Error('the hand-over input is not an Object Created event');
    const started = startStandard(input);
    void track(started.done);
    return { executionArn: started.executionArn, startDate: new Date() };
  };
  const smallFileRunner = createStateMachineRunner({
    ...runnerOptions,
    definition: JSON.parse(deployment.smallFileStateMachine.definition.text) as Definition,
    stateMachineName: deployment.smallFileStateMachine.name,
    type: 'EXPRESS',
    startExecution: handOver,
  });
  const runners = [runner, smallFileRunner];

  const ledger = createExecutionLedger({
    recordOutcomes: options.recordOutcomes ?? true,
    onUnreadable: (child) => progress({ _tag: 'UnreadableChild', ...child }),
  });
  const counts = { ticks: 0, files: 0, alerts: 0 };
  /** Dead-letter messages the failure paths could not send: something is lost, so the run is a technical failure. */
  let deadLettersLost = 0;
  const lostDeadLetter = (what: string, message: string) => {
    deadLettersLost += 1;
    progress({ _tag: 'DeadLetterLost', what, message });
  };
  const manifests = new Map<string, { readonly Bucket: string; readonly Key: string }[]>();
  const { rejectedOrders, deadLetter } = deployment.queues;
  const onRunnerEvent = (listener: (event: RunnerEvent) => void) => {
    const detachAll = runners.map((each) => each.onEvent(listener));
    return () => detachAll.forEach((detachOne) => detachOne());
  };
  onRunnerEvent((event) => {
    ledger.observe(event);
    if (event.type === 'AlertPublished') {
      counts.alerts += 1;
      progress({ _tag: 'AlertPublished', message: event.message, verbose: options.verbose ?? false, ...(event.subject === undefined ? {} : { subject: event.subject }) });
    }
    if (event.type === 'MessageSent' && event.queueUrl === rejectedOrders.url) progress({ _tag: 'Rejected', body: event.body });
    if (event.type === 'MessageSent' && event.queueUrl === deadLetter.url) progress({ _tag: 'DeadLettered', body: event.body });
    if (event.type === 'MapRunEnded' && event.resultWriterDetails) {
      manifests.set(event.executionArn, [...(manifests.get(event.executionArn) ?? []), event.resultWriterDetails]);
    }
  });

  const { track, idle: executionsIdle } = createInFlight();

  const sendFailedExecution = deadLetterFailedExecution({
    account: deployment.account,
    region: deployment.region,
    stateMachineArn: runner.stateMachineArn,
    queue,
    deadLetterQueueUrl: deadLetter.url,
  });
  const fileOf = (event: ObjectCreatedEvent) => {
    const { key } = event.detail.object;
    const versionId = event.detail.object['version-id'];
    return { key, ...(versionId ? { versionId } : {}) };
  };
  /** One execution of a machine for an order file's event, accounted in the ledger from before it starts. */
  const beginExecution = (machine: StateMachineRunner, event: ObjectCreatedEvent) => {
    const name = randomUUID();
    ledger.begin(machine.executionArn(name), fileOf(event));
    const input: Json = JSON.parse(JSON.stringify(event));
    return { executionArn: machine.executionArn(name), input, result: machine.startExecution(input, { name }) };
  };
  const ended = (record: ExecutionRecord) => progress({ _tag: 'ExecutionEnded', record });
  /** Closes the execution's ledger; one that failed before its file was read counts the file's orders as failed. */
  const finish = async (result: ExecutionResult, event: ObjectCreatedEvent): Promise<ExecutionRecord> =>
    ledger.finish(result, ledger.failedUncounted(result) ? await ordersInFile(s3, { bucket: event.detail.bucket.name, ...fileOf(event) }) : undefined);
  /** A Standard execution, and the failed-executions rule that dead-letters it if it fails. */
  const startStandard = (event: ObjectCreatedEvent) => {
    const started = beginExecution(runner, event);
    const done = (async () => {
      const result = await started.result;
      const record = await finish(result, event);
      const sent = await sendFailedExecution(result, started.input)();
      if (E.isLeft(sent)) lostDeadLetter(`the failed execution ${result.name}`, sent.left.message);
      else if (sent.right !== undefined) progress({ _tag: 'DeadLettered', body: sent.right });
      ended(record);
      return record;
    })();
    return { executionArn: started.executionArn, done };
  };
  const arrived = (event: ObjectCreatedEvent): ObjectCreatedEvent => {
    counts.files += 1;
    progress({ _tag: 'FileArrived', ...fileOf(event) });
    return event;
  };
  const execute = async (event: ObjectCreatedEvent): Promise<void> => {
    await startStandard(arrived(event)).done;
  };
  /** An Express execution: no status-change event, so no rule dead-letters it (its own states do). */
  const executeSmallFile = async (event: ObjectCreatedEvent): Promise<void> => {
    const result: ExecutionResult = await beginExecution(smallFileRunner, arrived(event)).result;
    ended(await finish(result, event));
  };

  /** A rule of the deployment, starting its target for every Object Created event its pattern matches. */
  const ruleStarting = (pattern: CompiledPattern, execution: (event: ObjectCreatedEvent) => Promise<void>) =>
    objectCreatedRule({
      pattern,
      account: deployment.account,
      region: deployment.region,
      partition: deployment.partition,
      target: (event) => track(execution(event)),
      onTargetError: (error, event) => progress({ _tag: 'TargetFailed', key: event.detail.object.key, message: String(error) }),
    });
  const rule = ruleStarting(deployment.objectCreatedRule.compiled, execute);
  const smallFileRule = ruleStarting(deployment.smallFileRule.compiled, executeSmallFile);
  const detachRules = [rule.attach(emulators), smallFileRule.attach(emulators)];
  const uploads = createUploadWatch(emulators);

  const liveEveryMs = options.liveEveryMs ?? 5_000;
  const live =
    liveEveryMs > 0
      ? setInterval(() => {
          const now = Date.now();
          for (const running of ledger.running()) {
            if (now - running.startedAt < liveEveryMs || running.ordersRead === 0) continue;
            progress({ _tag: 'ExecutionRunning', ...running, ordersPerSecond: (running.ordersDone * 1000) / (now - running.startedAt) });
          }
        }, liveEveryMs)
      : undefined;
  live?.unref();

  const invokeGenerator = invokeAsynchronously({
    functionArn: deployment.generator.arn,
    fn: generator,
    maximumRetryAttempts: deployment.generatorAsyncInvoke.maximumRetryAttempts,
    queue,
    deadLetterQueueUrl: deadLetter.url,
  });
  const tick = async (scheduledTime: string): Promise<void> => {
    counts.ticks += 1;
    const tickNumber = counts.ticks;
    const announced = uploads.nextWrite();
    const invocation = await invokeGenerator({ scheduledTime }, OrderFileWritten, (attempt, message) =>
      progress({ _tag: 'TickFailed', tick: tickNumber, scheduledTime, attempt, message }),
    )();
    if (E.isLeft(invocation)) {
      lostDeadLetter(`the generator invocation of ${scheduledTime}`, invocation.left.message);
      return;
    }
    if (invocation.right._tag === 'RetriesExhausted') {
      progress({ _tag: 'DeadLettered', body: invocation.right.deadLetterBody });
      return;
    }
    progress({ _tag: 'Tick', tick: tickNumber, scheduledTime, ...invocation.right.value });
    await announced(invocation.right.value.key);
  };

  const upload = async (key: string, body: string | Uint8Array | Readable) => {
    const announced = uploads.nextWrite(key);
    const written = await new Upload({
      client: s3,
      params: { Bucket: deployment.bucket.name, Key: key, Body: body, ContentType: 'application/json' },
      partSize: MULTIPART_PART_BYTES,
      queueSize: 2,
    }).done();
    await announced();
    return written.VersionId ? { versionId: written.VersionId } : {};
  };

  const settled = async () => {
    await Promise.all([rule.idle(), smallFileRule.idle()]);
    await executionsIdle();
  };

  const readJson = async (bucket: string, key: string): Promise<unknown> => {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse((await object.Body?.transformToString('utf-8')) ?? 'null');
  };
  /** The children's inputs, read back from what ResultWriter wrote to the data lake (the lasting audit). */
  const childInputs = async (record: ExecutionRecord): Promise<string[]> => {
    const inputs: string[] = [];
    for (const { Bucket, Key } of manifests.get(record.result.executionArn) ?? []) {
      const manifest = Manifest.decode(await readJson(Bucket, Key));
      if (E.isLeft(manifest)) throw new Error(`the ResultWriter manifest s3://${Bucket}/${Key} is not a manifest`);
      for (const file of Object.values(manifest.right.ResultFiles).flat()) {
        const records = ResultRecords.decode(await readJson(Bucket, file.Key));
        if (E.isLeft(records)) throw new Error(`the ResultWriter file s3://${Bucket}/${file.Key} is not a list of child records`);
        inputs.push(...records.right.map((child) => child.Input));
      }
    }
    return inputs;
  };

  const summary = (): Summary => {
    const records = ledger.records();
    const sum = (of: (record: ExecutionRecord) => number) => records.reduce((total, record) => total + of(record), 0);
    return {
      ticks: counts.ticks,
      files: counts.files,
      filesRejected: records.filter((r) => r.fileRejected).length,
      ordersRead: sum((r) => r.ordersRead),
      ordersStored: sum((r) => r.tally.stored),
      ordersRejected: sum((r) => r.tally.rejected),
      ordersDuplicate: sum((r) => r.tally.duplicate),
      ordersFailed: sum((r) => r.tally.failed),
      alerts: counts.alerts,
      executionsSucceeded: records.filter((r) => r.result.status === 'SUCCEEDED').length,
      executionsFailed: records.filter((r) => r.result.status === 'FAILED').length,
      deadLettersLost,
      stateTransitions: runner.counters().stateTransitions + smallFileRunner.counters().stateTransitions,
      elapsedMs: Date.now() - startedAt,
    };
  };

  const peek = queueInspector(sqs);
  return {
    deployment,
    emulators,
    runner,
    smallFileRunner,
    onRunnerEvent,
    rule,
    smallFileRule,
    startExecution: (event) => track(startStandard(event).done),
    tick,
    upload,
    settled,
    interrupt: () => runners.forEach((each) => each.abortRunning()),
    executions: () => [...ledger.records()],
    childInputs,
    summary,
    peekQueue: async (queueUrl) => {
      const messages = await peek(queueUrl)();
      if (E.isLeft(messages)) throw new Error(`cannot read the queue ${queueUrl}: ${messages.left.message}`);
      return messages.right;
    },
    stop: async () => {
      if (live) clearInterval(live);
      detachRules.forEach((detach) => detach());
      runners.forEach((each) => each.close());
      s3.destroy();
      sqs.destroy();
      await stopAll();
    },
  };
};
