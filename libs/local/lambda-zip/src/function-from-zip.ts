import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { unzipSync } from 'fflate';

export type LambdaZipError =
  | { readonly _tag: 'ZipUnreadable'; readonly zipPath: string; readonly cause: unknown }
  | { readonly _tag: 'EntryMissing'; readonly zipPath: string; readonly entry: string; readonly entries: readonly string[] }
  | { readonly _tag: 'InitError'; readonly zipPath: string; readonly message: string };

export class LambdaZipLoadError extends Error {
  constructor(readonly error: LambdaZipError) {
    super(describe(error));
    this.name = 'LambdaZipLoadError';
  }
}

const describe = (error: LambdaZipError): string => {
  switch (error._tag) {
    case 'ZipUnreadable':
      return `cannot read Lambda package ${error.zipPath}: ${String(error.cause)}`;
    case 'EntryMissing':
      return `Lambda package ${error.zipPath} has no ${error.entry} (entries: ${error.entries.join(', ') || 'none'})`;
    case 'InitError':
      return `Lambda package ${error.zipPath} failed to initialise: ${error.message}`;
  }
};

/**
 * What the function returned, or its unhandled error as Lambda reports it (`FunctionError: Unhandled`), with the
 * handler's own run time (Lambda's billed duration before rounding) when the function measured it.
 */
export type InvocationResult = (
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string }
) & { readonly durationMs?: number };

export interface LambdaFunction {
  readonly invoke: (event: unknown) => Promise<InvocationResult>;
  readonly stop: () => Promise<void>;
}

export interface LoadOptions {
  /** Lambda handler setting, `<file>.<export>`; the packages here use `index.handler`. */
  readonly handler?: string;
  /** The function's environment, on top of this process's (credentials, endpoints). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Where the function's log lines go (its stdout and stderr, as CloudWatch Logs would get them); default: this process's. */
  readonly onLog?: (line: string) => void;
  /**
   * The function's timeout: an invocation still running then fails as Lambda's does (`Sandbox.Timedout`), and the
   * next one starts. Default: none.
   */
  readonly timeoutMs?: number;
  /**
   * The function's memory_size in MB: its heap may not grow past it (an invocation that needs more fails as Lambda's
   * does), and the sandbox collects its garbage within it rather than growing the process. Default: no cap.
   */
  readonly memorySizeMb?: number;
}

// Runs inside the worker: evaluates the bundle once (its cold start), then serves invocations.
const sandbox = `
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
const bundle = new Module(workerData.filename);
bundle.filename = workerData.filename;
bundle.paths = [];
const failure = (error) => ({ ok: false, errorType: (error && error.name) || 'Error', errorMessage: (error && error.message) || String(error) });
let handler;
try {
  bundle._compile(workerData.source, workerData.filename);
  handler = bundle.exports[workerData.exportName];
  if (typeof handler !== 'function') throw new Error('the bundle does not export the function ' + workerData.exportName);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, message: failure(error).errorMessage });
}
// One invocation at a time, as in a Lambda execution environment; each reports its own duration (what Lambda bills),
// not the wait for this one local environment.
// A handler still running at the timeout goes on in the background (Lambda would end its environment); its late
// answer is dropped.
let previous = Promise.resolve();
const timeoutMs = workerData.timeoutMs;
const timedOut = { ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after ' + (timeoutMs / 1000).toFixed(2) + ' seconds' };
const invoke = async ({ id, event }) => {
  const started = performance.now();
  let timer;
  const timeout = new Promise((resolve) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => resolve(timedOut), timeoutMs);
  });
  const run = Promise.resolve()
    .then(() => handler(event, { awsRequestId: String(id) }))
    .then((payload) => ({ ok: true, payload }), failure);
  const result = await Promise.race([run, timeout]);
  clearTimeout(timer);
  const durationMs = performance.now() - started;
  try {
    parentPort.postMessage({ id, result: { ...result, durationMs } });
  } catch (error) {
    // A result that cannot cross the thread (a function, say) fails the invocation, not the environment.
    parentPort.postMessage({ id, result: { ...failure(error), durationMs } });
  }
};
parentPort.on('message', (message) => {
  previous = previous.then(() => invoke(message));
});
`;

// An environment that ends under an invocation (out of memory, process.exit) fails what it was running as Lambda
// reports it; the next invocation gets a new environment (a cold start), as on Lambda.
const exitError = (why: string): InvocationResult => ({ ok: false, errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${why}` });

/** One execution environment: a sandbox worker that has evaluated the bundle, and its invocations in flight. */
const startEnvironment = async (zipPath: string, workerOptions: WorkerOptions, onLog: ((line: string) => void) | undefined) => {
  const worker = new Worker(sandbox, workerOptions);
  if (onLog) for (const stream of [worker.stdout, worker.stderr]) createInterface({ input: stream }).on('line', onLog);
  const initError = await new Promise<string | undefined>((resolve) => {
    worker.once('message', (message: { ready: boolean; message?: string }) =>
      resolve(message.ready ? undefined : (message.message ?? 'unknown')),
    );
    worker.once('error', (error) => resolve(error.message));
  });
  if (initError !== undefined) {
    await worker.terminate();
    throw new LambdaZipLoadError({ _tag: 'InitError', zipPath, message: initError });
  }
  const pending = new Map<number, (result: InvocationResult) => void>();
  let endedBy: string | undefined;
  worker.on('message', ({ id, result }: { id: number; result: InvocationResult }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  worker.on('error', (error) => {
    endedBy ??= error.message;
  });
  worker.on('exit', (code) => {
    endedBy ??= `exit code ${code}`;
    for (const settle of pending.values()) settle(exitError(endedBy));
    pending.clear();
  });
  worker.unref();
  return {
    worker,
    ended: () => endedBy !== undefined,
    invoke: (id: number, event: unknown) =>
      new Promise<InvocationResult>((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ id, event });
      }),
  };
};

/**
 * A heap sized as V8 sizes one for a process limited to the function's memory: its young generation is three
 * semi-spaces of 1/128 of the limit, between 1 and 16 MiB. A worker thread would otherwise take this process's young
 * generation (48 MiB) whatever its memory, and four environments would hold 192 MiB of it.
 */
const heapLimitsOf = (memorySizeMb: number) => ({
  maxOldGenerationSizeMb: memorySizeMb,
  maxYoungGenerationSizeMb: 3 * Math.min(16, Math.max(1, Math.ceil(memorySizeMb / 128))),
});

/**
 * Starts a function from its packaged zip (not from source), as the Lambda runtime does: in a sandbox of its own
 * (a worker thread with the function's environment), the bundle evaluated once, then invoked per event.
 */
export const startFunctionFromZip = async (zipPath: string, options: LoadOptions = {}): Promise<LambdaFunction> => {
  const [file = 'index', exportName = 'handler'] = (options.handler ?? 'index.handler').split('.');
  const entry = `${file}.js`;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(await readFile(zipPath)));
  } catch (cause) {
    throw new LambdaZipLoadError({ _tag: 'ZipUnreadable', zipPath, cause });
  }
  const source = entries[entry];
  if (!source) throw new LambdaZipLoadError({ _tag: 'EntryMissing', zipPath, entry, entries: Object.keys(entries) });

  const workerOptions: WorkerOptions = {
    eval: true,
    stdout: options.onLog !== undefined,
    stderr: options.onLog !== undefined,
    env: { ...process.env, ...options.environment },
    workerData: { filename: `${zipPath}/${entry}`, source: Buffer.from(source).toString('utf8'), exportName, timeoutMs: options.timeoutMs },
    ...(options.memorySizeMb === undefined ? {} : { resourceLimits: heapLimitsOf(options.memorySizeMb) }),
  };
  const start = () => startEnvironment(zipPath, workerOptions, options.onLog);
  let environment = start();
  await environment;
  const current = (): ReturnType<typeof start> => {
    const before = environment;
    const restart = () => {
      if (environment === before) environment = start();
      return environment;
    };
    return before.then((ready) => (ready.ended() ? restart() : ready), restart);
  };
  let nextId = 0;

  return {
    invoke: (event) =>
      current().then(
        (ready) => ready.invoke(nextId++, event),
        (error: unknown) => exitError(error instanceof Error ? error.message : String(error)),
      ),
    stop: () => environment.then((ready) => ready.worker.terminate()).then(() => undefined, () => undefined),
  };
};
