import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import {
  createResources,
  describeDeploymentProblem,
  localDeployment,
  objectCreatedRule,
  type LocalDeployment,
  type ObjectCreatedEvent,
  type ObjectCreatedRule,
} from '@sales-pipeline/local-events';
import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import {
  createStateMachineRunner,
  type ExecutionResult,
  type Definition,
  type FaultRule,
  type Json,
  type StateMachineRunner,
} from '@sales-pipeline/local-step-functions';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { OrderOutcome } from '@sales-pipeline/orders-domain';
import { OrderFileWritten } from '@sales-pipeline/sales-generation';
import { formatProgress, type Progress } from './progress';
import { type Summary } from './summary';

const Manifest = t.type({
  ResultFiles: t.partial({ SUCCEEDED: t.array(t.type({ Key: t.string })), FAILED: t.array(t.type({ Key: t.string })) }),
});
const ChildRecord = t.intersection([t.type({ Input: t.string }), t.partial({ Output: t.string })]);
const BatchInput = t.type({ Items: t.array(t.unknown) });
const IndexedItem = t.type({ index: t.number });

/**
 * The error of the Fail state a file-level rejection ends in: reached from the distributed Map's Catch of
 * States.ItemReaderFailed, read from the definition so the template stays its one source.
 */
export const fileRejectedError = (definition: Definition): string | undefined => {
  const states = definition.States;
  const catcher = Object.values(states)
    .flatMap((state) => (state['Catch'] as { ErrorEquals: string[]; Next: string }[] | undefined) ?? [])
    .find((rule) => rule.ErrorEquals.includes('States.ItemReaderFailed'));
  const visited = new Set<string>();
  for (let name = catcher?.Next; name !== undefined && !visited.has(name); name = states[name]?.['Next'] as string | undefined) {
    visited.add(name);
    if (states[name]?.Type === 'Fail') return states[name]?.['Error'] as string | undefined;
  }
  return undefined;
};
/** Lambda's asynchronous invocation retries (Scheduler → generator), before the on-failure destination. */
const ASYNC_INVOKE_ATTEMPTS = 3;

export interface ExecutionRecord {
  readonly key: string;
  readonly versionId?: string;
  readonly result: ExecutionResult;
  readonly ordersRead: number;
  readonly outcomes: readonly OrderOutcome[];
  readonly fileRejected: boolean;
}

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
  /** How often the stand-in e-mail inbox and the rejected-orders queue are read for progress lines. */
  readonly pollMs?: number;
}

export interface LocalPipeline {
  readonly deployment: LocalDeployment;
  readonly emulators: Emulators;
  readonly runner: StateMachineRunner;
  readonly rule: ObjectCreatedRule;
  /** One Scheduler invocation of the generator for a scheduled time (with Lambda's async retries). */
  readonly tick: (scheduledTime: string) => Promise<void>;
  /** Puts an order file into the data lake, as a user's upload does; its event starts an execution. */
  readonly upload: (key: string, body: string | Uint8Array) => Promise<{ readonly versionId?: string }>;
  /** Resolves when every event seen so far has been delivered and every execution it started has ended. */
  readonly settled: () => Promise<void>;
  readonly executions: () => readonly ExecutionRecord[];
  /** The input of each child execution (batch) of an execution, as ResultWriter recorded it. */
  readonly childInputs: (record: ExecutionRecord) => Promise<readonly string[]>;
  readonly summary: () => Summary;
  /** Every message on a queue, left on it. */
  readonly peekQueue: (queueUrl: string) => Promise<readonly { readonly messageId: string; readonly body: string }[]>;
  readonly stop: () => Promise<void>;
}

export class LocalPipelineStartError extends Error {
  override readonly name = 'LocalPipelineStartError';
}

const decodeOr = <A>(codec: t.Decoder<unknown, A>, value: unknown): A | undefined =>
  pipe(
    codec.decode(value),
    E.getOrElseW(() => undefined),
  );

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The whole pipeline on this machine: the emulators with the resources Terraform declares for workspace `local`,
 * both Lambdas from their packaged zips, the rendered state machine, the object-created rule with the rendered
 * pattern, and the failed-executions rule's target (the dead-letter queue).
 */
export const startLocalPipeline = async (options: LocalPipelineOptions): Promise<LocalPipeline> => {
  const startedAt = Date.now();
  const progress = (event: Progress) => options.onProgress?.(formatProgress(event));
  const deployment = await localDeployment(options.repoRoot, options.workspace === undefined ? {} : { workspace: options.workspace })();
  if (E.isLeft(deployment)) {
    throw new LocalPipelineStartError(`cannot read the Terraform for workspace ${options.workspace ?? 'local'}: ${describeDeploymentProblem(deployment.left)}`);
  }
  return startOn(deployment.right, options, startedAt, progress);
};

const startOn = async (
  deployment: LocalDeployment,
  options: LocalPipelineOptions,
  startedAt: number,
  progress: (event: Progress) => void,
): Promise<LocalPipeline> => {

  const emulators = await startEmulators({ region: deployment.region });
  const started: LambdaFunction[] = [];
  const stopAll = async () => {
    await Promise.allSettled(started.map((fn) => fn.stop()));
    await emulators.stop();
  };
  try {
    const resources = await createResources(emulators, deployment)();
    if (E.isLeft(resources)) {
      throw new LocalPipelineStartError(`cannot create ${resources.left.resource} on the emulators: ${resources.left.message}`);
    }
    const lambdaZip = (app: string) => join(options.repoRoot, 'dist', 'lambda', `${app}.zip`);
    const logsOf = (functionName: string) =>
      options.onFunctionLog ? { onLog: (line: string) => options.onFunctionLog?.(functionName, line) } : {};
    const generator = await startFunctionFromZip(lambdaZip('sales-generator'), {
      environment: { ...emulators.lambdaEnvironment(), ...deployment.generator.environment },
      ...logsOf(deployment.generator.functionName),
    });
    started.push(generator);
    const validator = await startFunctionFromZip(lambdaZip('order-validator'), {
      environment: { ...emulators.lambdaEnvironment(), ...deployment.validator.environment },
      ...logsOf(deployment.validator.functionName),
    });
    started.push(validator);

    const s3 = new S3Client(emulators.clientConfig('s3'));
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    const definition = JSON.parse(deployment.stateMachine.definition.text) as Definition;
    const fileRejectedFail = fileRejectedError(definition);
    if (fileRejectedFail === undefined) throw new LocalPipelineStartError('the state machine has no Fail state after a Catch of States.ItemReaderFailed');
    const runner = createStateMachineRunner({
      definition,
      clients: {
        s3: emulators.clientConfig('s3'),
        sqs: emulators.clientConfig('sqs'),
        sns: emulators.clientConfig('sns'),
        dynamodb: emulators.clientConfig('dynamodb'),
      },
      functions: { [deployment.validator.arn]: validator },
      stateMachineName: deployment.stateMachine.name,
      region: deployment.region,
      accountId: deployment.account,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    });

    const records: ExecutionRecord[] = [];
    const pending = new Set<Promise<unknown>>();
    const track = <A>(promise: Promise<A>): Promise<A> => {
      pending.add(promise);
      void promise.finally(() => pending.delete(promise)).catch(() => undefined);
      return promise;
    };
    let ticks = 0;
    let files = 0;
    const alerts = { count: 0 };
    const itemsRead = new Map<string, number>();
    const manifests = new Map<string, { readonly Bucket: string; readonly Key: string }[]>();
    runner.onEvent((event) => {
      if (event.type === 'MapRunStarted') itemsRead.set(event.executionArn, (itemsRead.get(event.executionArn) ?? 0) + event.items);
      if (event.type === 'MapRunEnded' && event.resultWriterDetails) {
        manifests.set(event.executionArn, [...(manifests.get(event.executionArn) ?? []), event.resultWriterDetails]);
      }
      if (event.type === 'AlertPublished') {
        alerts.count += 1;
        progress({ _tag: 'AlertPublished', message: event.message });
      }
    });

    const readJson = async (bucket: string, key: string): Promise<unknown> => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return parseJson((await object.Body?.transformToString('utf-8')) ?? '');
    };

    /** The children's records, read back from what ResultWriter wrote to the data lake (the lasting audit). */
    const childRecords = async (executionArn: string) => {
      const records: { readonly succeeded: boolean; readonly input: string; readonly output?: string }[] = [];
      for (const { Bucket, Key } of manifests.get(executionArn) ?? []) {
        const manifest = decodeOr(Manifest, await readJson(Bucket, Key));
        for (const [status, files] of Object.entries(manifest?.ResultFiles ?? {})) {
          for (const file of files ?? []) {
            for (const record of decodeOr(t.array(ChildRecord), await readJson(Bucket, file.Key)) ?? []) {
              records.push({ succeeded: status === 'SUCCEEDED', input: record.Input, ...(record.Output === undefined ? {} : { output: record.Output }) });
            }
          }
        }
      }
      return records;
    };

    const outcomesOf = async (executionArn: string): Promise<OrderOutcome[]> =>
      (await childRecords(executionArn)).flatMap((record) => {
        const outcomes = record.succeeded ? decodeOr(t.array(OrderOutcome), parseJson(record.output ?? '')) : undefined;
        if (outcomes) return outcomes;
        // A child that failed as a whole: its orders end with the failed execution, on the dead-letter queue.
        const items = decodeOr(BatchInput, parseJson(record.input))?.Items ?? [];
        return items.map((item) => ({ index: decodeOr(IndexedItem, item)?.index ?? -1, outcome: 'failed' as const, alerted: false }));
      });

    /** The failed-executions rule: a Step Functions Execution Status Change event to the dead-letter queue. */
    const deadLetterFailedExecution = async (result: ExecutionResult, input: Json) => {
      const event = {
        version: '0',
        id: result.name,
        'detail-type': 'Step Functions Execution Status Change',
        source: 'aws.states',
        account: deployment.account,
        time: result.stopDate.toISOString(),
        region: deployment.region,
        resources: [result.executionArn],
        detail: {
          executionArn: result.executionArn,
          stateMachineArn: runner.stateMachineArn,
          name: result.name,
          status: result.status,
          startDate: result.startDate.getTime(),
          stopDate: result.stopDate.getTime(),
          input: JSON.stringify(input),
          error: result.error,
          cause: result.cause,
        },
      };
      await sqs.send(new SendMessageCommand({ QueueUrl: deployment.queues.deadLetter.url, MessageBody: JSON.stringify(event) }));
    };

    const execute = async (event: ObjectCreatedEvent): Promise<void> => {
      files += 1;
      const key = event.detail.object.key;
      progress({ _tag: 'FileArrived', key, versionId: event.detail.object['version-id'] });
      const result = await runner.startExecution(event as unknown as Json);
      const isFileRejected = result.status === 'FAILED' && result.error === fileRejectedFail;
      const outcomes = await outcomesOf(result.executionArn);
      const record: ExecutionRecord = {
        key,
        ...(event.detail.object['version-id'] ? { versionId: event.detail.object['version-id'] } : {}),
        result,
        ordersRead: itemsRead.get(result.executionArn) ?? 0,
        outcomes,
        fileRejected: isFileRejected,
      };
      records.push(record);
      if (result.status === 'FAILED') await deadLetterFailedExecution(result, event as unknown as Json);
      progress({ _tag: 'ExecutionEnded', record });
    };

    const rule = objectCreatedRule({
      pattern: deployment.objectCreatedRule.compiled,
      account: deployment.account,
      region: deployment.region,
      partition: deployment.partition,
      target: (event) => track(execute(event)),
      onTargetError: (error, event) => progress({ _tag: 'TargetFailed', key: event.detail.object.key, message: String(error) }),
    });
    const detach = rule.attach(emulators);

    /** Object writes per key whose event reached the rule (the emulator announces writes asynchronously). */
    const writesSeen = new Map<string, number>();
    const waiters = new Set<{ readonly key: string; readonly count: number; readonly resolve: () => void }>();
    emulators.onObjectCreated((write) => {
      writesSeen.set(write.key, (writesSeen.get(write.key) ?? 0) + 1);
      for (const waiter of waiters) {
        if (waiter.key === write.key && (writesSeen.get(write.key) ?? 0) >= waiter.count) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
    });
    /** Call before a write: the returned function resolves once the rule has seen that write of `key`. */
    const nextWriteOf = (key?: string) => {
      const before = new Map(writesSeen);
      return (writtenKey = key ?? '') => {
        const count = (before.get(writtenKey) ?? 0) + 1;
        return (writesSeen.get(writtenKey) ?? 0) >= count
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiters.add({ key: writtenKey, count, resolve }));
      };
    };

    /**
     * Every message on a queue, left on it: received in pages (hidden meanwhile, so paging reaches all of them), then
     * made visible again. One peek at a time, so the progress poller and a caller never split a queue between them.
     */
    const peekAll = async (queueUrl: string) => {
      const messages = new Map<string, { readonly body: string; readonly receiptHandle: string }>();
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) break;
        for (const message of Messages) {
          if (message.MessageId && message.ReceiptHandle) {
            messages.set(message.MessageId, { body: message.Body ?? '', receiptHandle: message.ReceiptHandle });
          }
        }
      }
      const handles = [...messages.values()].map((m) => m.receiptHandle);
      for (let start = 0; start < handles.length; start += 10) {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: handles.slice(start, start + 10).map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle, VisibilityTimeout: 0 })),
          }),
        );
      }
      return [...messages].map(([messageId, { body }]) => ({ messageId, body }));
    };
    let peeking: Promise<unknown> = Promise.resolve();
    const peekQueue = (queueUrl: string) => {
      const peek = peeking.then(() => peekAll(queueUrl));
      peeking = peek.catch(() => undefined);
      return peek;
    };

    const reported = new Set<string>();
    const reportQueues = async () => {
      for (const message of await peekQueue(deployment.queues.alertInbox.url)) {
        if (reported.has(message.messageId)) continue;
        reported.add(message.messageId);
        progress({ _tag: 'AlertEmail', body: message.body });
      }
      for (const message of await peekQueue(deployment.queues.rejectedOrders.url)) {
        if (reported.has(message.messageId)) continue;
        reported.add(message.messageId);
        progress({ _tag: 'Rejected', body: message.body });
      }
      for (const message of await peekQueue(deployment.queues.deadLetter.url)) {
        if (reported.has(message.messageId)) continue;
        reported.add(message.messageId);
        progress({ _tag: 'DeadLettered', body: message.body });
      }
    };
    const poller = setInterval(() => void track(reportQueues()).catch(() => undefined), options.pollMs ?? 500);
    poller.unref();

    const tick = async (scheduledTime: string): Promise<void> => {
      ticks += 1;
      const tickNumber = ticks;
      for (let attempt = 1; attempt <= ASYNC_INVOKE_ATTEMPTS; attempt += 1) {
        const announced = nextWriteOf();
        const invocation = await generator.invoke({ scheduledTime });
        const result = invocation.ok ? decodeOr(OrderFileWritten, invocation.payload) : undefined;
        if (result) {
          progress({ _tag: 'Tick', tick: tickNumber, scheduledTime, ...result });
          await announced(result.key);
          return;
        }
        const errorMessage = invocation.ok ? 'the generator returned no { bucket, key, orders, highValue }' : `${invocation.errorType}: ${invocation.errorMessage}`;
        progress({ _tag: 'TickFailed', tick: tickNumber, scheduledTime, attempt, message: errorMessage });
        if (attempt === ASYNC_INVOKE_ATTEMPTS) {
          // Lambda's on-failure destination for asynchronous invocations: the dead-letter queue.
          await sqs.send(
            new SendMessageCommand({
              QueueUrl: deployment.queues.deadLetter.url,
              MessageBody: JSON.stringify({
                version: '1.0',
                timestamp: new Date().toISOString(),
                requestContext: { functionArn: deployment.generator.arn, condition: 'RetriesExhausted', approximateInvokeCount: attempt },
                requestPayload: { scheduledTime },
                responseContext: { statusCode: 200, functionError: 'Unhandled' },
                responsePayload: { errorMessage },
              }),
            }),
          );
        }
      }
    };

    const upload = async (key: string, body: string | Uint8Array) => {
      const announced = nextWriteOf(key);
      const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: deployment.bucket.name, Key: key, Body: body }));
      await announced();
      return VersionId ? { versionId: VersionId } : {};
    };

    const settled = async () => {
      await rule.idle();
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await reportQueues();
    };

    const count = (outcome: OrderOutcome['outcome']) =>
      records.reduce((sum, record) => sum + record.outcomes.filter((o) => o.outcome === outcome).length, 0);
    const summary = (): Summary => {
      const counters = runner.counters();
      return {
        ticks,
        files,
        filesRejected: records.filter((r) => r.fileRejected).length,
        ordersRead: records.reduce((sum, r) => sum + r.ordersRead, 0),
        ordersStored: count('stored'),
        ordersRejected: count('rejected') + count('conflict') + count('refused'),
        ordersDuplicate: count('duplicate'),
        ordersFailed: count('failed'),
        alerts: alerts.count,
        executionsSucceeded: records.filter((r) => r.result.status === 'SUCCEEDED').length,
        executionsFailed: records.filter((r) => r.result.status === 'FAILED').length,
        stateTransitions: counters.stateTransitions,
        elapsedMs: Date.now() - startedAt,
      };
    };

    return {
      deployment,
      emulators,
      runner,
      rule,
      tick,
      upload,
      settled,
      executions: () => [...records],
      childInputs: async (record) => (await childRecords(record.result.executionArn)).map((child) => child.input),
      summary,
      peekQueue,
      stop: async () => {
        clearInterval(poller);
        detach();
        runner.close();
        s3.destroy();
        sqs.destroy();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
