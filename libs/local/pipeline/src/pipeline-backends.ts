import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createResources, type FunctionInfo, type LocalDeployment } from '@sales-pipeline/local-deployment';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { describeLastingQueueProblem, keepQueues, restoreQueues, type LastingQueueProblem } from './lasting-queues';
import { orThrow, startFailed, type StartProblem } from './start-problem';

/**
 * Every Task's TimeoutSeconds and every function's timeout, stretched locally: all executions share one emulator
 * process, one socket pool and one environment per function, so under load a call waits in queues AWS does not have.
 * A function's timeout still ends a handler that hangs, so that its one environment serves the next invocation.
 */
export const LOCAL_TIMEOUT_SCALE = 10;

/** The emulators with the deployment's resources, and every function it declares running from its zip. */
export interface Backends {
  readonly emulators: Emulators;
  /** By ARN: the state machines' Tasks and the schedule reach them so. */
  readonly functions: Readonly<Record<string, LambdaFunction>>;
  /** Clients of the emulators for the pipeline's own calls (uploads, dead letters, peeks). */
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  /** Keeps a state folder's queues, stops the functions and the emulators, removes a scratch folder. */
  readonly stop: () => Promise<void>;
}

export interface BackendOptions {
  /**
   * The state folder (held by the caller: see holdStateFolder): S3's objects and versions, DynamoDB's tables and the
   * queues' messages are kept there and found again by the next run on it. Default: a scratch folder, removed when
   * the run stops (its queues start and end empty).
   */
  readonly stateDir?: string;
  /** Each function's log lines (what CloudWatch Logs would get); default: this process's stdout. */
  readonly onFunctionLog?: (functionName: string, line: string) => void;
  /** Progress lines (no contact info in any); default: none. */
  readonly onProgress?: (line: string) => void;
}

/**
 * What the start has acquired, released last first: when a later step of the start fails, or when the pipeline
 * stops. Every release runs though an earlier one failed; the first failure is thrown at the end.
 */
const createReleases = () => {
  const releases: (() => Promise<void>)[] = [];
  return {
    /** Once `task` is Right, the release of what it acquired is due. */
    acquire: <A>(task: TE.TaskEither<StartProblem, A>, release: (acquired: A) => () => Promise<void>) =>
      pipe(task, TE.tap((acquired) => TE.fromIO(() => void releases.push(release(acquired))))),
    releaseAll: async (): Promise<void> => {
      const failures: unknown[] = [];
      for (let release = releases.pop(); release; release = releases.pop()) await release().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
};

type Releases = ReturnType<typeof createReleases>;

/** A scratch folder, removed at the stop; also when the process exits without stopping the run (process.exit, an uncaught error such as EPIPE). */
const scratchFolder = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sales-pipeline-state-'));
  const removeAtExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeAtExit);
  return {
    dir,
    remove: async () => {
      process.off('exit', removeAtExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/** Where S3's objects and DynamoDB's tables live, on disk (bounded memory for big runs): the state folder, else a scratch folder. */
const storageIn = (stateDir: string | undefined, releases: Releases) =>
  releases.acquire(
    TE.tryCatch(async () => {
      const storage = stateDir === undefined ? await scratchFolder() : { dir: stateDir, remove: () => Promise.resolve() };
      await Promise.all(['s3', 'dynamodb'].map((name) => mkdir(join(storage.dir, name), { recursive: true })));
      return storage;
    }, startFailed(`the storage folder ${stateDir ?? 'in the temporary directory'}`)),
    (storage) => storage.remove,
  );

const startFunction = (emulators: Emulators, options: BackendOptions, releases: Releases) => (info: FunctionInfo) => {
  const { onFunctionLog } = options;
  return pipe(
    releases.acquire(
      TE.tryCatch(
        () =>
          startFunctionFromZip(info.packagePath, {
            handler: info.handler,
            environment: { ...emulators.lambdaEnvironment(), ...info.environment },
            timeoutMs: info.timeoutSeconds * 1000 * LOCAL_TIMEOUT_SCALE,
            memorySizeMb: info.memorySizeMb,
            ...(onFunctionLog ? { onLog: (line: string) => onFunctionLog(info.functionName, line) } : {}),
          }),
        startFailed(`the function ${info.functionName}`),
      ),
      (fn) => fn.stop,
    ),
    TE.map((fn) => [info.arn, fn] as const),
  );
};

/**
 * The queues of a state folder last as S3 and DynamoDB do: the messages the previous run kept are sent back at the
 * start (a dead letter stays redrivable in the next run), and every queue's messages are kept when the run stops. A
 * keep that fails is thrown from `stop`, so the run ends failed, naming the queue.
 */
const lastingQueues = (deployment: LocalDeployment, sqs: SQSClient, stateDir: string, options: BackendOptions, releases: Releases) => {
  const queues = [...deployment.records.queues, deployment.queues.alertInbox];
  const dir = join(stateDir, 'sqs');
  const keep = pipe(
    keepQueues(sqs, queues, dir),
    TE.tap((kept) => TE.fromIO(() => (kept > 0 ? options.onProgress?.(`kept ${kept} messages of the queues for the next run`) : undefined))),
  );
  return releases.acquire(
    pipe(
      restoreQueues(sqs, queues, dir),
      TE.tap((restored) => TE.fromIO(() => (restored > 0 ? options.onProgress?.(`restored ${restored} messages the previous run left on the queues (rejected orders, dead letters, alert inbox)`) : undefined))),
      TE.mapLeft((problem): StartProblem => ({ _tag: 'StartFailed', what: 'the queues', message: describeLastingQueueProblem(problem) })),
    ),
    () => async () => void (await orThrow((problem: LastingQueueProblem) => new Error(describeLastingQueueProblem(problem)))(keep)),
  );
};

/**
 * Starts the emulators on the storage folder, creates the deployment's resources on them, starts its functions and
 * sends back a state folder's kept messages; on a Left nothing is left running.
 */
export const startBackends = (deployment: LocalDeployment, options: BackendOptions): TE.TaskEither<StartProblem, Backends> => {
  const releases = createReleases();
  return pipe(
    storageIn(options.stateDir, releases),
    TE.flatMap((storage) =>
      releases.acquire(
        TE.tryCatch(
          () => startEmulators({ region: deployment.region, dynamodbPath: join(storage.dir, 'dynamodb'), s3Path: join(storage.dir, 's3') }),
          startFailed('the emulators'),
        ),
        (emulators) => emulators.stop,
      ),
    ),
    TE.bindTo('emulators'),
    TE.tap(({ emulators }) =>
      pipe(
        createResources(emulators, deployment),
        TE.mapLeft((failed): StartProblem => ({ _tag: 'ResourceCreationFailed', resource: failed.resource, message: failed.message })),
      ),
    ),
    TE.bind('functions', ({ emulators }) =>
      pipe(deployment.records.functions, TE.traverseArray(startFunction(emulators, options, releases)), TE.map(Object.fromEntries<LambdaFunction>)),
    ),
    TE.bind('clients', ({ emulators }) =>
      releases.acquire(TE.right({ s3: new S3Client(emulators.clientConfig('s3')), sqs: new SQSClient(emulators.clientConfig('sqs')) }), (clients) => async () => {
        clients.s3.destroy();
        clients.sqs.destroy();
      }),
    ),
    TE.tap(({ clients }) => (options.stateDir === undefined ? TE.right(undefined) : lastingQueues(deployment, clients.sqs, options.stateDir, options, releases))),
    TE.map(({ emulators, functions, clients }): Backends => ({ emulators, functions, ...clients, stop: releases.releaseAll })),
    TE.tapError(() => TE.fromTask(() => releases.releaseAll().catch(() => undefined))),
  );
};
