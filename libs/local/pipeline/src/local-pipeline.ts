import type { Readable } from 'node:stream';
import { sqsQueue } from '@sales-pipeline/aws-adapters';
import { describeDeploymentProblem, localDeployment, type LocalDeployment } from '@sales-pipeline/local-deployment';
import type { Emulators } from '@sales-pipeline/local-emulators';
import { createInFlight, type ObjectCreatedRule } from '@sales-pipeline/local-events';
import { createStateMachineRunner, type Definition, type FaultRule, type RunnerEvent, type StateMachineRunner } from '@sales-pipeline/local-step-functions';
import type { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { ExecutionRecord } from './execution-ledger';
import { deadLetterFailedExecution, type SendDeadLetter } from './failure-paths';
import { checkFaultTargets } from './fault-check';
import { startBackends, LOCAL_TIMEOUT_SCALE, type BackendOptions, type Backends } from './pipeline-backends';
import { startLiveProgress, schedulerTick, userUpload } from './pipeline-drivers';
import { executionsOf, handOverTo, ruleStarting, type ExecutionContext } from './pipeline-executions';
import { queueInspector, type PeekedMessage } from './queue-inspection';
import { joinRunnerEvents, openRunAccounts, type RunAccounts } from './run-accounts';
import { describeStartProblem, orThrow, type StartProblem } from './start-problem';
import { type Summary } from './summary';
import { createUploadWatch } from './upload-watch';
import { mirrorZone } from './zone-mirror';

export { describeStartProblem, type StartProblem } from './start-problem';

export interface LocalPipelineOptions extends BackendOptions {
  /** The repository root: terraform/ and dist/lambda/ are read from there. */
  readonly repoRoot: string;
  /** The Terraform workspace whose tfvars the run evaluates (default `local`; the bench runs `prod`'s caps). */
  readonly workspace?: string;
  readonly faults?: readonly FaultRule[];
  /** Alert lines with the e-mail as the subscribers read it (default: one line per alert). */
  readonly verbose?: boolean;
  /** Keep every order's outcome on its ExecutionRecord (tests); default true. Counts are kept either way. */
  readonly recordOutcomes?: boolean;
  /** How often a running execution reports orders done of read, with orders/s (default 5 s; 0: never). */
  readonly liveEveryMs?: number;
  /** Where the data lake's analytics zone is mirrored for DuckDB (`npm start`: the state folder's zone); default: nowhere. */
  readonly zoneDir?: string;
}

export interface LocalPipeline {
  readonly deployment: LocalDeployment;
  readonly emulators: Emulators;
  readonly zoneDir: string | undefined;
  /** The Standard machine (files over the small-file threshold, and those the Express entry hands over). */
  readonly runner: StateMachineRunner;
  /** The Express entry for small files. */
  readonly smallFileRunner: StateMachineRunner;
  /** Both runners' events, as one stream. */
  readonly onRunnerEvent: (listener: (event: RunnerEvent) => void) => () => void;
  readonly rule: ObjectCreatedRule;
  readonly smallFileRule: ObjectCreatedRule;
  /** One Scheduler invocation of the generator for a scheduled time (Lambda's async retries, then its on-failure destination); rejected when the workspace declares no schedule. */
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
  readonly summary: () => Summary;
  /** Every message on a queue, left on it. */
  readonly peekQueue: (queueUrl: string) => Promise<readonly PeekedMessage[]>;
  readonly stop: () => Promise<void>;
}

const readDeployment = (options: LocalPipelineOptions): TE.TaskEither<StartProblem, LocalDeployment> =>
  pipe(
    localDeployment(options.repoRoot, options.workspace === undefined ? {} : { workspace: options.workspace }),
    TE.mapLeft((problem): StartProblem => ({ _tag: 'DeploymentUnreadable', workspace: options.workspace ?? 'local', message: describeDeploymentProblem(problem) })),
    TE.flatMapEither((deployment) => checkFaultTargets(deployment, options.faults ?? [])),
  );

/** A runner of one of the deployment's machines (its rendered definition) on the backends; `express`: the Express entry's type and hand-over port. */
const runnerOf =
  (deployment: LocalDeployment, backends: Backends, options: LocalPipelineOptions) =>
  (machine: LocalDeployment['stateMachine'], express?: { readonly type: 'EXPRESS'; readonly startExecution: ReturnType<typeof handOverTo> }) =>
    createStateMachineRunner({
      clients: {
        s3: backends.emulators.clientConfig('s3'),
        sqs: backends.emulators.clientConfig('sqs'),
        sns: backends.emulators.clientConfig('sns'),
        dynamodb: backends.emulators.clientConfig('dynamodb'),
      },
      functions: backends.functions,
      region: deployment.region,
      accountId: deployment.account,
      taskTimeoutScale: LOCAL_TIMEOUT_SCALE,
      ...(options.faults ? { faults: options.faults } : {}),
      definition: JSON.parse(machine.definition.text) as Definition,
      stateMachineName: machine.name,
      ...express,
    });

/** Both machines, their object-created rules and the executions they start, accounted in `accounts`. */
const wireExecutions = (deployment: LocalDeployment, backends: Backends, accounts: RunAccounts, options: LocalPipelineOptions, sendDeadLetter: SendDeadLetter) => {
  const inFlight = createInFlight();
  const context: ExecutionContext = { deployment, accounts, s3: backends.s3, inFlight };
  const runnerFor = runnerOf(deployment, backends, options);
  const runner = runnerFor(deployment.stateMachine);
  const { account, region } = deployment;
  const standard = executionsOf(context, runner, deadLetterFailedExecution({ account, region, stateMachineArn: runner.stateMachineArn, sendDeadLetter }));
  const smallFileRunner = runnerFor(deployment.smallFileStateMachine, { type: 'EXPRESS', startExecution: handOverTo(runner, standard.start) });
  const runners = [runner, smallFileRunner];
  const onRunnerEvent = joinRunnerEvents(runners);
  onRunnerEvent(accounts.observe);
  const rule = ruleStarting(context, deployment.objectCreatedRule.compiled, standard.execute);
  const smallFileRule = ruleStarting(context, deployment.smallFileRule.compiled, executionsOf(context, smallFileRunner).execute);
  const detachRules = [rule.attach(backends.emulators), smallFileRule.attach(backends.emulators)];
  return {
    runner,
    smallFileRunner,
    runners,
    onRunnerEvent,
    rule,
    smallFileRule,
    startExecution: (event: ObjectCreatedEvent) => standard.start(event).done,
    settled: async () => {
      await Promise.all([rule.idle(), smallFileRule.idle()]);
      await inFlight.idle();
    },
    close: () => {
      detachRules.forEach((detach) => detach());
      runners.forEach((each) => each.close());
    },
  };
};

/** The pipeline on running backends: machines, rules, drivers and accounts. */
const assemble = (deployment: LocalDeployment, backends: Backends, options: LocalPipelineOptions, startedAt: number): LocalPipeline => {
  const { emulators, s3, sqs } = backends;
  const accounts = openRunAccounts(deployment, { ...options, startedAt });
  const sendDeadLetter: SendDeadLetter = (body) => sqsQueue(sqs).sendMessage({ queueUrl: deployment.queues.deadLetter.url, body });
  const { runners, settled, close, ...machines } = wireExecutions(deployment, backends, accounts, options, sendDeadLetter);
  const uploads = createUploadWatch(emulators);
  const zone =
    options.zoneDir === undefined
      ? undefined
      : mirrorZone({ emulators, s3, bucket: deployment.bucket.name, zoneDir: options.zoneDir, onError: (key, message) => accounts.progress({ _tag: 'TargetFailed', key, message }) });
  const stopLive = startLiveProgress(accounts.ledger, accounts.progress, options.liveEveryMs ?? 5_000);
  return {
    ...machines,
    deployment,
    emulators,
    zoneDir: options.zoneDir,
    tick: schedulerTick(deployment, backends.functions, sendDeadLetter, accounts, uploads),
    upload: userUpload(deployment, s3, uploads),
    settled: async () => {
      await settled();
      await zone?.idle();
    },
    interrupt: () => runners.forEach((each) => each.abortRunning()),
    executions: () => [...accounts.ledger.records()],
    summary: () => accounts.summary(runners),
    peekQueue: queueInspector(sqs),
    stop: async () => {
      stopLive();
      close();
      zone?.detach();
      await backends.stop();
    },
  };
};

/**
 * The whole pipeline on this machine: the emulators with the resources Terraform declares for the workspace, the
 * Lambdas from their packaged zips, the rendered state machines (the Standard machine and the Express entry), the
 * object-created rules that start them with their rendered patterns, and the failure paths AWS provides (Lambda's
 * on-failure destination, the failed-executions rule). Left: why it did not start (nothing is left running).
 */
export const openLocalPipeline = (options: LocalPipelineOptions): TE.TaskEither<StartProblem, LocalPipeline> => {
  const startedAt = Date.now();
  return pipe(
    readDeployment(options),
    TE.flatMap((deployment) => pipe(startBackends(deployment, options), TE.map((backends) => assemble(deployment, backends, options, startedAt)))),
  );
};

/** `openLocalPipeline` for callers that await (tests, the bench): a start problem is thrown, described. */
export const startLocalPipeline = (options: LocalPipelineOptions): Promise<LocalPipeline> =>
  orThrow((problem: StartProblem) => new Error(describeStartProblem(problem)))(openLocalPipeline(options));
