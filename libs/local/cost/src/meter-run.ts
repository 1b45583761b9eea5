import type { Definition, RunnerEvent } from '@sales-pipeline/local-step-functions';
import { expressGbSeconds, itemBytes, lambdaGbSeconds, payloadRequests, readRequestUnits, writeRequestUnits } from './billing-units';
import { LAMBDA_INVOKE_OVERHEAD_MS, OTHER_TASK_LATENCY_MS, PLATFORM_LOG_BYTES_PER_INVOCATION, TYPICAL_LATENCY_MS } from './latency';
import { addUsage, noUsage, type Usage } from './usage';

export interface MeterSettings {
  /**
   * The rendered Standard definition the run executed: where its inline Maps are and how many iterations they run at
   * once. The Express entry's order-batch states are the same states by name; its batches (ProcessBatches) count one
   * after another, which only overestimates a small file of several batches.
   */
  readonly definition: Definition;
  /** The orders table's partition key: a read or an update is billed by the size of the item stored under its key. */
  readonly tableHashKey: string;
  /** Memory (MB) of each function the Lambda Tasks invoke, by the FunctionName the Task gives (its ARN). */
  readonly lambdaMemoryMb: Readonly<Record<string, number>>;
  /** Express memory as billed (64 MB steps); the children's state is far below the first step. */
  readonly expressMemoryMb?: number;
}

export interface RunMeter {
  /** The production shape as it ran: Standard parent, distributed Map, Express children, ResultWriter. */
  readonly production: Usage;
  /** The seeds' shape, from the same counts: one Standard workflow, an inline Map, a Lambda and a write per order. */
  readonly seedsDesign: Usage;
  readonly files: number;
  readonly orders: number;
  /** Express executions: distributed Map children, or a file's own Express execution. */
  readonly childExecutions: number;
  /** Each Express execution's estimated duration (ms) from its states' work. */
  readonly childDurationsMs: readonly number[];
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const S3_GET_OBJECT = 'arn:aws:states:::aws-sdk:s3:getObject';
/** The parent states of the seeds' workflow a file enters (its description and its Map), as the Standard parent does. */
const SEEDS_PARENT_STATES = 2;

/** The orders of a small file as the Express entry's validator batched them (its lambda:invoke response), or 0. */
const ordersBatched = (response: unknown): number => {
  const payload = isRecord(response) ? response['Payload'] : undefined;
  const batches = isRecord(payload) && Array.isArray(payload['batches']) ? payload['batches'] : [];
  return batches.reduce((sum: number, batch: unknown) => sum + (isRecord(batch) && Array.isArray(batch['Items']) ? batch['Items'].length : 0), 0);
};

interface InlineMap {
  readonly startAt: string;
  readonly maxConcurrency: number;
  readonly states: ReadonlySet<string>;
}

/** Every inline Map of a definition (inside distributed Map processors too), with its states and concurrency. */
const inlineMapsOf = (scope: Definition): InlineMap[] =>
  Object.values(scope.States).flatMap((state) => {
    if (state.Type !== 'Map') return [];
    const processor = state.ItemProcessor ?? state.Iterator;
    if (!processor) return [];
    const nested = inlineMapsOf(processor);
    if (processor.ProcessorConfig?.Mode === 'DISTRIBUTED') return nested;
    const maxConcurrency = state.MaxConcurrency ?? 0;
    return [{ startAt: processor.StartAt, maxConcurrency, states: new Set(Object.keys(processor.States)) }, ...nested];
  });

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);
const textBytes = (value: unknown): number =>
  value === undefined ? 0 : Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');

/**
 * A Lambda Task on a whole file (PrepareOrderFile: `{ bucket, key, versionId }` in, the key the Map reads out) makes
 * S3 requests the runner does not see: one GET to scan the file and, when it answers another key (a prepared copy),
 * a second GET and the copy's PUT (a multipart upload for a copy over 5 MiB bills a few more). The seeds' shape has
 * no such step.
 */
const fileTaskObjectRequests = (payload: unknown, response: unknown): Partial<Usage> => {
  const answer = isRecord(response) ? response['Payload'] : undefined;
  const copied = isRecord(payload) && isRecord(answer) && answer['key'] !== payload['key'];
  return copied ? { s3Gets: 2, s3Puts: 1 } : { s3Gets: 1 };
};

interface Child {
  outsideMs: number;
  readonly insideMs: Map<InlineMap, number>;
  readonly iterations: Map<InlineMap, number>;
}

/**
 * Meters one or more runs from the runner's events: every billed operation of the production shape, and the seeds'
 * shape priced from the same counts. Pure: a fold over the events.
 */
export const meterRun = (events: readonly RunnerEvent[], settings: MeterSettings): RunMeter => {
  const inlineMaps = inlineMapsOf(settings.definition);
  const mapOfState = new Map<string, InlineMap>();
  for (const map of inlineMaps) for (const name of map.states) mapOfState.set(name, map);
  const expressMemoryMb = settings.expressMemoryMb ?? 64;

  const kinds = new Map<string, 'STANDARD' | 'EXPRESS'>();
  const children = new Map<string, Child>();
  const storedItemBytes = new Map<string, number>();
  let production = noUsage;
  let seeds = noUsage;
  let orders = 0;
  let files = 0;
  let inlineIterationStates = 0;
  const both = (usage: Partial<Usage>) => {
    production = addUsage(production, usage);
    seeds = addUsage(seeds, usage);
  };
  const keyOf = (attributes: unknown): string =>
    JSON.stringify(isRecord(attributes) ? attributes[settings.tableHashKey] ?? null : null);

  const meterTask = (event: Extract<RunnerEvent, { type: 'TaskCall' }>): number => {
    const request = isRecord(event.request) ? event.request : {};
    switch (event.resource) {
      case LAMBDA_INVOKE: {
        const functionName = String(request['FunctionName']);
        const memoryMb = settings.lambdaMemoryMb[functionName];
        // Billed: the function's own run, not the wait for its one local environment (AWS runs invocations side by side).
        const runMs = event.functionDurationMs ?? event.durationMs;
        if (memoryMb === undefined) throw new Error(`meterRun: no memory size is given for the function ${functionName}`);
        production = addUsage(production, {
          lambdaRequests: 1,
          lambdaGbSeconds: lambdaGbSeconds(runMs, memoryMb),
          logBytes: PLATFORM_LOG_BYTES_PER_INVOCATION,
        });
        const payload = request['Payload'];
        if (isRecord(payload) && Array.isArray(payload['Items'])) {
          // The seeds invoke the function once per order: the batch's work split over its orders.
          const items = Math.max(1, payload['Items'].length);
          seeds = addUsage(seeds, {
            lambdaRequests: items,
            lambdaGbSeconds: items * lambdaGbSeconds(runMs / items, memoryMb),
            logBytes: items * PLATFORM_LOG_BYTES_PER_INVOCATION,
          });
        } else if (isRecord(payload) && typeof payload['OrderFileBody'] === 'string') {
          // The Express entry's read of a small file (the body its GetObject gave): no S3 request, no call of the seeds'.
          if (event.ok) orders += ordersBatched(event.response);
        } else production = addUsage(production, fileTaskObjectRequests(payload, event.response));
        return runMs + LAMBDA_INVOKE_OVERHEAD_MS;
      }
      case S3_GET_OBJECT:
        both({ s3Gets: 1 });
        break;
      case 'arn:aws:states:::dynamodb:putItem': {
        const item = isRecord(request['Item']) ? request['Item'] : {};
        const size = itemBytes(item);
        both({ dynamodbWriteUnits: writeRequestUnits(Math.max(size, storedItemBytes.get(keyOf(item)) ?? 0)) });
        if (event.ok) storedItemBytes.set(keyOf(item), size);
        break;
      }
      case 'arn:aws:states:::dynamodb:getItem': {
        const size = storedItemBytes.get(keyOf(request['Key'])) ?? 0;
        both({ dynamodbReadUnits: readRequestUnits(size, request['ConsistentRead'] === true ? 'strong' : 'eventual') });
        break;
      }
      case 'arn:aws:states:::dynamodb:updateItem': {
        const key = keyOf(request['Key']);
        const before = storedItemBytes.get(key) ?? 0;
        const values = isRecord(request['ExpressionAttributeValues']) ? request['ExpressionAttributeValues'] : {};
        const added = itemBytes(Object.fromEntries(Object.entries(values).map(([placeholder, value]) => [placeholder.replace(/^:/, ''), value])));
        both({ dynamodbWriteUnits: writeRequestUnits(before + added) });
        if (event.ok) storedItemBytes.set(key, before + added);
        break;
      }
      case 'arn:aws:states:::sqs:sendMessage':
        both({ sqsRequests: payloadRequests(textBytes(request['MessageBody'])) });
        break;
      case 'arn:aws:states:::sns:publish':
        both({ snsPublishes: payloadRequests(textBytes(request['Message']) + textBytes(request['Subject'])), ...(event.ok ? { alertPublishes: 1 } : {}) });
        break;
    }
    return TYPICAL_LATENCY_MS[event.resource] ?? OTHER_TASK_LATENCY_MS;
  };

  for (const event of events) {
    switch (event.type) {
      case 'ExecutionStarted':
        kinds.set(event.executionArn, event.kind);
        if (event.parentArn === undefined) {
          // An execution the event started: one file, one trace.
          files += 1;
          both({ xrayTraces: 1 });
        }
        // The seeds' own workflow enters its two parent states (the file's description, its Map) for every file; a
        // Standard parent's are counted as it enters them, a small file's Express entry has none of theirs.
        if (event.parentArn === undefined && event.kind === 'EXPRESS') seeds = addUsage(seeds, { standardTransitions: SEEDS_PARENT_STATES });
        if (event.kind === 'EXPRESS') {
          children.set(event.executionArn, { outsideMs: 0, insideMs: new Map(), iterations: new Map() });
          // A distributed Map bills its parent one transition per child it starts.
          production = addUsage(production, { expressRequests: 1, ...(event.parentArn === undefined ? {} : { standardTransitions: 1 }) });
        }
        break;
      case 'StateEntered': {
        if (kinds.get(event.executionArn) === 'STANDARD') {
          both({ standardTransitions: 1 });
          break;
        }
        const map = mapOfState.get(event.state);
        if (map) inlineIterationStates += 1;
        const child = children.get(event.executionArn);
        if (child && map && event.state === map.startAt) child.iterations.set(map, (child.iterations.get(map) ?? 0) + 1);
        break;
      }
      case 'StateRetried':
        if (kinds.get(event.executionArn) === 'STANDARD') both({ standardTransitions: 1 });
        else if (mapOfState.has(event.state)) seeds = addUsage(seeds, { standardTransitions: 1 });
        break;
      case 'TaskCall': {
        const workMs = meterTask(event);
        const child = children.get(event.executionArn);
        const map = mapOfState.get(event.state);
        if (child && map) child.insideMs.set(map, (child.insideMs.get(map) ?? 0) + workMs);
        else if (child) child.outsideMs += workMs;
        break;
      }
      case 'ObjectRequest':
        production = addUsage(production, event.operation === 'GetObject' ? { s3Gets: 1 } : { s3Puts: 1 });
        if (event.operation === 'GetObject') seeds = addUsage(seeds, { s3Gets: 1 });
        break;
      case 'MapRunStarted':
        orders += event.items;
        break;
      default:
        break;
    }
  }

  const childDurationsMs = [...children.values()].map((child) =>
    [...child.insideMs].reduce((total, [map, workMs]) => {
      const iterations = child.iterations.get(map) ?? 1;
      const atOnce = Math.max(1, map.maxConcurrency > 0 ? Math.min(map.maxConcurrency, iterations) : iterations);
      return total + workMs / atOnce;
    }, child.outsideMs),
  );
  production = addUsage(production, { expressGbSeconds: childDurationsMs.reduce((sum, ms) => sum + expressGbSeconds(ms, expressMemoryMb), 0) });
  // The seeds' Map iterations are Standard transitions: every state an order's iteration entered, plus its Lambda Task.
  seeds = addUsage(seeds, { standardTransitions: inlineIterationStates + orders });

  return { production, seedsDesign: seeds, files, orders, childExecutions: children.size, childDurationsMs };
};
