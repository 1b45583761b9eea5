import { createResources, type FunctionInfo, type LocalDeployment } from '@sales-pipeline/local-deployment';
import { startEmulators, type Emulators, type StartOptions } from '@sales-pipeline/local-emulators';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { errorMessage, type StartProblem } from './start-problem';

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
  /** Stops the functions, then the emulators. */
  readonly stop: () => Promise<void>;
}

export interface BackendOptions {
  readonly storage: Pick<StartOptions, 'dynamodbPath' | 's3Path'>;
  readonly onFunctionLog?: (functionName: string, line: string) => void;
}

const startFunction = (emulators: Emulators, options: BackendOptions) => (info: FunctionInfo) =>
  TE.tryCatch(
    async () => {
      const { onFunctionLog } = options;
      const fn = await startFunctionFromZip(info.packagePath, {
        handler: info.handler,
        environment: { ...emulators.lambdaEnvironment(), ...info.environment },
        timeoutMs: info.timeoutSeconds * 1000 * LOCAL_TIMEOUT_SCALE,
        memorySizeMb: info.memorySizeMb,
        ...(onFunctionLog ? { onLog: (line: string) => onFunctionLog(info.functionName, line) } : {}),
      });
      return [info.arn, fn] as const;
    },
    (error): StartProblem => ({ _tag: 'StartFailed', what: `the function ${info.functionName}`, message: errorMessage(error) }),
  );

const startFunctions = (emulators: Emulators, deployment: LocalDeployment, options: BackendOptions, started: LambdaFunction[]) =>
  pipe(
    deployment.records.functions,
    TE.traverseArray((info) =>
      pipe(
        startFunction(emulators, options)(info),
        TE.tap(([, fn]) => TE.fromIO(() => started.push(fn))),
      ),
    ),
    TE.map((entries): Readonly<Record<string, LambdaFunction>> => Object.fromEntries(entries)),
  );

/** Starts the emulators, creates the deployment's resources on them and starts its functions; on a Left nothing is left running. */
export const startBackends = (deployment: LocalDeployment, options: BackendOptions): TE.TaskEither<StartProblem, Backends> =>
  pipe(
    TE.tryCatch(
      () => startEmulators({ region: deployment.region, dynamodbPath: options.storage.dynamodbPath, s3Path: options.storage.s3Path }),
      (error): StartProblem => ({ _tag: 'StartFailed', what: 'the emulators', message: errorMessage(error) }),
    ),
    TE.flatMap((emulators) => {
      const started: LambdaFunction[] = [];
      const stop = async () => {
        await Promise.allSettled(started.map((fn) => fn.stop()));
        await emulators.stop();
      };
      return pipe(
        createResources(emulators, deployment),
        TE.mapLeft((failed): StartProblem => ({ _tag: 'ResourceCreationFailed', resource: failed.resource, message: failed.message })),
        TE.flatMap(() => startFunctions(emulators, deployment, options, started)),
        TE.map((functions): Backends => ({ emulators, functions, stop })),
        TE.orElse((problem) => pipe(TE.fromTask(stop), TE.flatMap(() => TE.left<StartProblem, Backends>(problem)))),
      );
    }),
  );
