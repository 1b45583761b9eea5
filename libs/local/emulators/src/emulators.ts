import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

export type AwsService = 's3' | 'sqs' | 'sns' | 'dynamodb';

/** A successful object write (PutObject, CompleteMultipartUpload, CopyObject), as the child announces it. */
export const ObjectCreated = t.intersection([
  t.type({
    bucket: t.string,
    /** The object key as stored: decoded, never URL-encoded. */
    key: t.string,
    size: t.number,
    /** The ETag without quotes, as S3 events carry it. */
    etag: t.string,
    /** S3's per-object ordering token (hex; a later write has a greater one). */
    sequencer: t.string,
    /** ISO-8601 time of the write. */
    time: t.string,
  }),
  /** Present when the bucket's versioning is Enabled. */
  t.partial({ versionId: t.string }),
]);
export type ObjectCreated = t.TypeOf<typeof ObjectCreated>;

const ChildMessage = t.union([
  t.type({ type: t.literal('ready'), fauxqsPort: t.number, dynamodbPort: t.number }),
  t.type({ type: t.literal('failed'), message: t.string }),
  t.type({ type: t.literal('object-created'), object: ObjectCreated }),
]);

export interface StartOptions {
  readonly region?: string;
  /** A directory for DynamoDB's tables on disk (bounded memory for big runs); default: in memory. */
  readonly dynamodbPath?: string;
  /**
   * A directory for S3's buckets and objects on disk (bodies in files, only metadata in memory); a later start on the
   * same directory finds every bucket, object and version written before. Default: in memory.
   */
  readonly s3Path?: string;
}

const EMULATOR_PROCESS_FILE = 'emulator-process.mjs';
const WORKSPACE_RELATIVE_PROCESS_PATH = join('libs', 'local', 'emulators', 'src', EMULATOR_PROCESS_FILE);
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const SOCKET_QUEUE_WARNING_MS = 10 * 60_000;

const ancestors = (start: string): string[] => {
  const dir = resolve(start);
  const parent = dirname(dir);
  return parent === dir ? [dir] : [dir, ...ancestors(parent)];
};

/**
 * Where the child entry is: `$SALES_PIPELINE_EMULATOR_PROCESS` if set; else next to this module (the source tree
 * under ts-jest, or a bundle that copied the file beside itself); else `libs/local/emulators/src/` of the workspace
 * found above this module's directory or the working directory (an esbuild bundle in dist/ of the workspace).
 * The .mjs imports fauxqs and dynalite, so it must sit where Node resolves them (inside the workspace).
 */
export const emulatorProcessPath = (): string => {
  const override = process.env['SALES_PIPELINE_EMULATOR_PROCESS'];
  const candidates = [
    ...(override ? [override] : []),
    join(__dirname, EMULATOR_PROCESS_FILE),
    ...[...ancestors(__dirname), ...ancestors(process.cwd())].map((dir) => join(dir, WORKSPACE_RELATIVE_PROCESS_PATH)),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`cannot find the emulator process entry; looked at: ${candidates.join(', ')}`);
  return found;
};

/**
 * The one reader of the child's messages: each object write goes to `onObjectCreated`; `ready` resolves the start,
 * and `failed`, an exit, a spawn error or the timeout reject it (and kill the child).
 */
const awaitReady = (child: ChildProcess, onObjectCreated: (object: ObjectCreated) => void): Promise<{ fauxqsPort: number; dynamodbPort: number }> =>
  new Promise((resolveReady, rejectReady) => {
    const timer = setTimeout(() => fail(`the emulators did not start within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) =>
      fail(`the emulator process exited before it was ready (code ${code}, signal ${signal})`);
    const onError = (error: Error) => fail(`cannot start the emulator process: ${error.message}`);
    function settled() {
      clearTimeout(timer);
      child.off('exit', onExit).off('error', onError);
    }
    function fail(reason: string) {
      settled();
      child.kill('SIGKILL');
      rejectReady(new Error(reason));
    }
    child.on('message', (message: unknown) => {
      const decoded = ChildMessage.decode(message);
      if (E.isLeft(decoded)) return;
      const { right } = decoded;
      if (right.type === 'object-created') return onObjectCreated(right.object);
      if (right.type === 'failed') return fail(`the emulators failed to start: ${right.message}`);
      settled();
      resolveReady(right);
    });
    child.once('exit', onExit).once('error', onError);
  });

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolveExit) => child.once('exit', () => resolveExit()));

/**
 * Starts S3, SQS and SNS (fauxqs) and DynamoDB (dynalite) on 127.0.0.1, on free ports, in a forked child process
 * (fauxqs is ESM-only and cannot be required from CommonJS/jest). The child dies with this process and ignores the
 * terminal's SIGINT/SIGTERM (sent to the whole process group): only `stop()` or this process's exit ends it.
 */
export const startEmulators = async (options: StartOptions = {}) => {
  const region = options.region ?? 'us-east-1';
  const child = fork(emulatorProcessPath(), [JSON.stringify({ region, dynamodbPath: options.dynamodbPath, s3Path: options.s3Path })], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const listeners = new Set<(object: ObjectCreated) => void>();
  const { fauxqsPort, dynamodbPort } = await awaitReady(child, (object) => listeners.forEach((listener) => listener(object)));

  const fauxqs = `http://127.0.0.1:${fauxqsPort}`;
  const endpoints: Readonly<Record<AwsService, string>> = { s3: fauxqs, sqs: fauxqs, sns: fauxqs, dynamodb: `http://127.0.0.1:${dynamodbPort}` };
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

  return {
    /** The emulator child's process id (to read its memory, say). */
    pid: child.pid,
    region,
    endpoints,
    credentials,
    /** A config the SDK v3 clients of S3, SQS, SNS and DynamoDB take as it is. */
    clientConfig: (service: AwsService) => ({
      region,
      endpoint: endpoints[service],
      credentials,
      // S3: buckets in the path (`<bucket>.127.0.0.1` does not resolve). SQS: send to the endpoint, whatever host a queue URL names.
      ...(service === 's3' ? { forcePathStyle: true } : {}),
      ...(service === 'sqs' ? { useQueueUrlAsEndpoint: false } : {}),
      // The SDK's 50 sockets a client, without its warning when requests queue for them: every local execution shares
      // one emulator process, so 200 files put at once queue thousands of calls by design, a wait AWS does not have.
      requestHandler: { socketAcquisitionWarningTimeout: SOCKET_QUEUE_WARNING_MS },
    }),
    /** The environment a Lambda needs to reach the emulators through the SDK's standard variables. */
    lambdaEnvironment: (): Record<string, string> => ({
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_SNS: endpoints.sns,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }),
    /** Calls `listener` for every successful object write; returns the unsubscribe function. */
    onObjectCreated: (listener: (object: ObjectCreated) => void): (() => void) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Stops both servers and waits for the child process to exit. */
    stop: async (): Promise<void> => {
      listeners.clear();
      const exit = exited(child);
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    },
  };
};

export type Emulators = Readonly<Awaited<ReturnType<typeof startEmulators>>>;
