import { Worker } from 'node:worker_threads';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { SNSClientConfig } from '@aws-sdk/client-sns';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';
import type { JsonObject } from './asl';

/** The services whose Task calls the runner sends from the service thread. */
export interface ServiceThreadConfigs {
  readonly dynamodb?: DynamoDBClientConfig;
  readonly sqs?: SQSClientConfig;
  readonly sns?: SNSClientConfig;
}

export type ThreadService = keyof ServiceThreadConfigs;

/** An SDK error as far as Step Functions reports it: its name, message and HTTP metadata. */
export interface ServiceFailure {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

export type ServiceReply =
  | { readonly ok: true; readonly fields: JsonObject; readonly metadata: { readonly httpStatusCode?: number; readonly requestId?: string } }
  | { readonly ok: false; readonly failure: ServiceFailure };

export interface ServiceThread {
  readonly serves: (service: ThreadService) => boolean;
  /** Sends `<command>Command(input)` with the service's SDK client; the output's fields as JSON, or the SDK error. */
  readonly send: (service: ThreadService, command: string, input: Readonly<Record<string, unknown>>) => Promise<ServiceReply>;
  readonly close: () => void;
}

// Runs in the thread: the SDK clients of the configured services. Requests and replies travel in batches, one
// message per event-loop turn each way (a message costs about as much as a small call). The SDK is loaded from
// where this module sits (workerData.requireFrom), so the workspace's node_modules serve the source and the bundle.
const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const load = require('node:module').createRequire(workerData.requireFrom);
const sdks = { dynamodb: ['@aws-sdk/client-dynamodb', 'DynamoDBClient'], sqs: ['@aws-sdk/client-sqs', 'SQSClient'], sns: ['@aws-sdk/client-sns', 'SNSClient'] };
const services = {};
for (const [service, config] of Object.entries(workerData.configs)) {
  const [name, clientClass] = sdks[service];
  const sdk = load(name);
  services[service] = { sdk, client: new sdk[clientClass](config) };
}
const metadataOf = (metadata) => ({ httpStatusCode: metadata?.httpStatusCode, requestId: metadata?.requestId });
let replies = [];
const flush = () => { parentPort.postMessage(replies); replies = []; };
const reply = (message) => { if (replies.push(message) === 1) setImmediate(flush); };
const run = async ({ id, service, command, input }) => {
  try {
    const { sdk, client } = services[service];
    const { $metadata, ...fields } = await client.send(new sdk[command + 'Command'](input));
    reply({ id, reply: { ok: true, fields: JSON.parse(JSON.stringify(fields)), metadata: metadataOf($metadata) } });
  } catch (error) {
    const failure = { name: error?.name, message: error?.message ?? String(error), ...(error?.$metadata ? { $metadata: metadataOf(error.$metadata) } : {}) };
    reply({ id, reply: { ok: false, failure } });
  }
};
parentPort.on('message', (requests) => requests.forEach(run));
`;

const SERVICE_THREAD_YOUNG_GENERATION_MB = 12;

/**
 * The SDK clients of the Task calls in a worker thread of their own: the SDK's per-request work (serialising,
 * signing, HTTP, parsing) runs beside the state machines on the second core instead of between their states. The
 * calls and their errors are the SDK's own, as in this thread; only their JSON crosses over.
 */
export const startServiceThread = (configs: ServiceThreadConfigs): ServiceThread => {
  const configured = new Set(Object.keys(configs));
  if (configured.size === 0) return { serves: () => false, send: () => Promise.reject(new Error('no service is configured')), close: () => undefined };
  // This process's environment as its code sees it (a test environment's own copy, say), not the one it started with.
  // No limit on the old generation: the thread holds every execution's calls in flight, which grows with the files run
  // at once (a 128 MiB limit ended it at 200 small files, and every later call failed). The young generation only
  // sets how often short-lived objects are swept: the default (48 MiB, this process's) made each thread hold that much.
  const worker = new Worker(threadSource, {
    eval: true,
    env: process.env,
    workerData: { configs, requireFrom: __filename },
    resourceLimits: { maxYoungGenerationSizeMb: SERVICE_THREAD_YOUNG_GENERATION_MB },
  });
  worker.unref();
  const pending = new Map<number, (reply: ServiceReply) => void>();
  let nextId = 0;
  let ended: string | undefined;
  // No HTTP status: Step Functions reports such a call as <Service>.SdkClientException.
  const unreachable = (): ServiceReply => ({ ok: false, failure: { name: 'Error', message: `the service thread ended: ${ended}` } });
  const end = (why: string) => {
    ended ??= why;
    for (const settle of pending.values()) settle(unreachable());
    pending.clear();
  };
  worker.on('message', (replies: readonly { readonly id: number; readonly reply: ServiceReply }[]) => {
    for (const { id, reply } of replies) {
      pending.get(id)?.(reply);
      pending.delete(id);
    }
  });
  let requests: { readonly id: number; readonly service: ThreadService; readonly command: string; readonly input: Readonly<Record<string, unknown>> }[] = [];
  const flush = () => {
    if (ended === undefined) worker.postMessage(requests);
    requests = [];
  };
  worker.on('error', (error) => end(error.message));
  worker.on('exit', (code) => end(`exit code ${code}`));
  return {
    serves: (service) => configured.has(service),
    send: (service, command, input) =>
      ended !== undefined
        ? Promise.resolve(unreachable())
        : new Promise((resolve) => {
            const id = nextId++;
            pending.set(id, resolve);
            if (requests.push({ id, service, command, input }) === 1) setImmediate(flush);
          }),
    close: () => void worker.terminate(),
  };
};
