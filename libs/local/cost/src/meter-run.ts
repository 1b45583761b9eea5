import { storedOrderIds, ZoneBatch } from '@sales-pipeline/analytics-zone';
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
}

export interface RunMeter {
  /** The production shape as it ran: Standard parent, distributed Map, Express children, ResultWriter. */
  readonly production: Usage;
  /** The seeds' shape, from the same counts: one Standard workflow, an inline Map, a Lambda and a write per order. */
  readonly seedsDesign: Usage;
  /**
   * The part of `production` the analytics zone adds: the zone writer's invocations (requests, GB-seconds, platform
   * log lines), its consistent reads of stored items, its PUTs, and the Express time its Task adds to a child.
   */
  readonly zone: Usage;
  readonly files: number;
  readonly orders: number;
  /** Express executions: distributed Map children, or a file's own Express execution. */
  readonly childExecutions: number;
  /** Each Express execution's estimated duration (ms) from its states' work. */
  readonly childDurationsMs: readonly number[];
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
/** Express memory as billed (64 MB steps); the children's state is far below the first step. */
const EXPRESS_MEMORY_MB = 64;
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

interface MeterContext {
  readonly settings: MeterSettings;
  readonly mapOfState: ReadonlyMap<string, InlineMap>;
}

interface MeterTally {
  production: Usage;
  seeds: Usage;
  zone: Usage;
  orders: number;
  files: number;
  inlineIterationStates: number;
  readonly kinds: Map<string, 'STANDARD' | 'EXPRESS'>;
  readonly children: Map<string, Child>;
  /** Each stored item's size by its key, to bill reads and updates by the item they touch. */
  readonly storedItemBytes: Map<string, number>;
}

type TaskCall = Extract<RunnerEvent, { type: 'TaskCall' }>;

const billBoth = (tally: MeterTally, usage: Partial<Usage>): void => {
  tally.production = addUsage(tally.production, usage);
  tally.seeds = addUsage(tally.seeds, usage);
};

const itemKey = (context: MeterContext, attributes: unknown): string => JSON.stringify(isRecord(attributes) ? attributes[context.settings.tableHashKey] ?? null : null);

/**
 * The zone writer's own requests (WriteZone), which the runner does not see: one consistent BatchGetItem of the
 * stored items `storedOrderIds` names (billed per item, by its size), and one PUT per object it answers it wrote.
 */
const zoneWriterRequests = (tally: MeterTally, context: MeterContext, batch: ZoneBatch, response: unknown): Partial<Usage> => {
  const answer = isRecord(response) ? response['Payload'] : undefined;
  const objects = isRecord(answer) && typeof answer['objects'] === 'number' ? answer['objects'] : 0;
  const readUnits = storedOrderIds(batch).reduce(
    (units, orderId) => units + readRequestUnits(tally.storedItemBytes.get(itemKey(context, { [context.settings.tableHashKey]: { S: orderId } })) ?? 0, 'strong'),
    0,
  );
  return { s3Puts: objects, dynamodbReadUnits: readUnits };
};

/** A lambda:invoke: the function's run (and the seeds' one invocation per order of a batch); returns its work in ms. */
const meterLambdaInvoke = (tally: MeterTally, context: MeterContext, event: TaskCall, request: Readonly<Record<string, unknown>>): number => {
  const functionName = String(request['FunctionName']);
  const memoryMb = context.settings.lambdaMemoryMb[functionName];
  // Billed: the function's own run, not the wait for its one local environment (AWS runs invocations side by side).
  const runMs = event.functionDurationMs ?? event.durationMs;
  if (memoryMb === undefined) throw new Error(`meterRun: no memory size is given for the function ${functionName}`);
  const invocation = { lambdaRequests: 1, lambdaGbSeconds: lambdaGbSeconds(runMs, memoryMb), logBytes: PLATFORM_LOG_BYTES_PER_INVOCATION };
  tally.production = addUsage(tally.production, invocation);
  const payload = request['Payload'];
  if (ZoneBatch.is(payload)) {
    // The analytics zone's writer: production only (the seeds' shape has no zone), and its own share of the bill.
    const requests = zoneWriterRequests(tally, context, payload, event.ok ? event.response : undefined);
    const expressSeconds = (runMs + LAMBDA_INVOKE_OVERHEAD_MS) / 1000;
    tally.production = addUsage(tally.production, requests);
    tally.zone = addUsage(tally.zone, { ...invocation, ...requests, expressGbSeconds: expressSeconds * EXPRESS_MEMORY_MB / 1024 });
  } else if (isRecord(payload) && Array.isArray(payload['Items'])) {
    // The seeds invoke the function once per order: the batch's work split over its orders.
    const items = Math.max(1, payload['Items'].length);
    tally.seeds = addUsage(tally.seeds, {
      lambdaRequests: items,
      lambdaGbSeconds: items * lambdaGbSeconds(runMs / items, memoryMb),
      logBytes: items * PLATFORM_LOG_BYTES_PER_INVOCATION,
    });
  } else if (isRecord(payload) && typeof payload['OrderFileBody'] === 'string') {
    // The Express entry's read of a small file (the body its GetObject gave): no S3 request, no call of the seeds'.
    if (event.ok) tally.orders += ordersBatched(event.response);
  } else tally.production = addUsage(tally.production, fileTaskObjectRequests(payload, event.response));
  return runMs + LAMBDA_INVOKE_OVERHEAD_MS;
};

/** A DynamoDB Task: write or read units by the size of the item it writes or touches. */
const meterDynamoDb = (tally: MeterTally, context: MeterContext, event: TaskCall, request: Readonly<Record<string, unknown>>): void => {
  switch (event.resource) {
    case 'arn:aws:states:::dynamodb:putItem': {
      const item = isRecord(request['Item']) ? request['Item'] : {};
      const size = itemBytes(item);
      billBoth(tally, { dynamodbWriteUnits: writeRequestUnits(Math.max(size, tally.storedItemBytes.get(itemKey(context, item)) ?? 0)) });
      if (event.ok) tally.storedItemBytes.set(itemKey(context, item), size);
      return;
    }
    case 'arn:aws:states:::dynamodb:getItem': {
      const size = tally.storedItemBytes.get(itemKey(context, request['Key'])) ?? 0;
      billBoth(tally, { dynamodbReadUnits: readRequestUnits(size, request['ConsistentRead'] === true ? 'strong' : 'eventual') });
      return;
    }
    case 'arn:aws:states:::dynamodb:updateItem': {
      const key = itemKey(context, request['Key']);
      const before = tally.storedItemBytes.get(key) ?? 0;
      const values = isRecord(request['ExpressionAttributeValues']) ? request['ExpressionAttributeValues'] : {};
      const added = itemBytes(Object.fromEntries(Object.entries(values).map(([placeholder, value]) => [placeholder.replace(/^:/, ''), value])));
      billBoth(tally, { dynamodbWriteUnits: writeRequestUnits(before + added) });
      if (event.ok) tally.storedItemBytes.set(key, before + added);
      return;
    }
  }
};

/** One Task call's bill; returns the work it stands for in ms (its typical latency on AWS, or the function's run). */
const meterTask = (tally: MeterTally, context: MeterContext, event: TaskCall): number => {
  const request = isRecord(event.request) ? event.request : {};
  switch (event.resource) {
    case LAMBDA_INVOKE:
      return meterLambdaInvoke(tally, context, event, request);
    case S3_GET_OBJECT:
      billBoth(tally, { s3Gets: 1 });
      break;
    case 'arn:aws:states:::sqs:sendMessage':
      billBoth(tally, { sqsRequests: payloadRequests(textBytes(request['MessageBody'])) });
      break;
    case 'arn:aws:states:::sns:publish':
      billBoth(tally, { snsPublishes: payloadRequests(textBytes(request['Message']) + textBytes(request['Subject'])), ...(event.ok ? { alertPublishes: 1 } : {}) });
      break;
    default:
      meterDynamoDb(tally, context, event, request);
  }
  return TYPICAL_LATENCY_MS[event.resource] ?? OTHER_TASK_LATENCY_MS;
};

const meterExecutionStarted = (tally: MeterTally, event: Extract<RunnerEvent, { type: 'ExecutionStarted' }>): void => {
  tally.kinds.set(event.executionArn, event.kind);
  if (event.parentArn === undefined) {
    // An execution the event started: one file, one trace.
    tally.files += 1;
    billBoth(tally, { xrayTraces: 1 });
  }
  // The seeds' own workflow enters its two parent states (the file's description, its Map) for every file; a
  // Standard parent's are counted as it enters them, a small file's Express entry has none of theirs.
  if (event.parentArn === undefined && event.kind === 'EXPRESS') tally.seeds = addUsage(tally.seeds, { standardTransitions: SEEDS_PARENT_STATES });
  if (event.kind === 'EXPRESS') {
    tally.children.set(event.executionArn, { outsideMs: 0, insideMs: new Map(), iterations: new Map() });
    // A distributed Map bills its parent one transition per child it starts.
    tally.production = addUsage(tally.production, { expressRequests: 1, ...(event.parentArn === undefined ? {} : { standardTransitions: 1 }) });
  }
};

const meterStateEntered = (tally: MeterTally, context: MeterContext, event: Extract<RunnerEvent, { type: 'StateEntered' }>): void => {
  if (tally.kinds.get(event.executionArn) === 'STANDARD') {
    billBoth(tally, { standardTransitions: 1 });
    return;
  }
  const map = context.mapOfState.get(event.state);
  if (map) tally.inlineIterationStates += 1;
  const child = tally.children.get(event.executionArn);
  if (child && map && event.state === map.startAt) child.iterations.set(map, (child.iterations.get(map) ?? 0) + 1);
};

const meterEvent = (tally: MeterTally, context: MeterContext, event: RunnerEvent): void => {
  switch (event.type) {
    case 'ExecutionStarted':
      return meterExecutionStarted(tally, event);
    case 'StateEntered':
      return meterStateEntered(tally, context, event);
    case 'StateRetried':
      if (tally.kinds.get(event.executionArn) === 'STANDARD') billBoth(tally, { standardTransitions: 1 });
      else if (context.mapOfState.has(event.state)) tally.seeds = addUsage(tally.seeds, { standardTransitions: 1 });
      return;
    case 'TaskCall': {
      const workMs = meterTask(tally, context, event);
      const child = tally.children.get(event.executionArn);
      const map = context.mapOfState.get(event.state);
      if (child && map) child.insideMs.set(map, (child.insideMs.get(map) ?? 0) + workMs);
      else if (child) child.outsideMs += workMs;
      return;
    }
    case 'ObjectRequest':
      tally.production = addUsage(tally.production, event.operation === 'GetObject' ? { s3Gets: 1 } : { s3Puts: 1 });
      if (event.operation === 'GetObject') tally.seeds = addUsage(tally.seeds, { s3Gets: 1 });
      return;
    case 'MapRunStarted':
      tally.orders += event.items;
      return;
    default:
      return;
  }
};

/** An Express execution's duration: its work outside inline Maps, and inside each the work spread over the iterations running at once. */
const childDurationMs = (child: Child): number =>
  [...child.insideMs].reduce((total, [map, workMs]) => {
    const iterations = child.iterations.get(map) ?? 1;
    const atOnce = Math.max(1, map.maxConcurrency > 0 ? Math.min(map.maxConcurrency, iterations) : iterations);
    return total + workMs / atOnce;
  }, child.outsideMs);

/**
 * Meters one or more runs from the runner's events: every billed operation of the production shape, and the seeds'
 * shape priced from the same counts. Pure: a fold over the events.
 */
export const meterRun = (events: readonly RunnerEvent[], settings: MeterSettings): RunMeter => {
  const mapOfState = new Map<string, InlineMap>();
  for (const map of inlineMapsOf(settings.definition)) for (const name of map.states) mapOfState.set(name, map);
  const context: MeterContext = { settings, mapOfState };
  const tally: MeterTally = { production: noUsage, seeds: noUsage, zone: noUsage, orders: 0, files: 0, inlineIterationStates: 0, kinds: new Map(), children: new Map(), storedItemBytes: new Map() };
  for (const event of events) meterEvent(tally, context, event);

  const childDurationsMs = [...tally.children.values()].map(childDurationMs);
  const production = addUsage(tally.production, { expressGbSeconds: childDurationsMs.reduce((sum, ms) => sum + expressGbSeconds(ms, EXPRESS_MEMORY_MB), 0) });
  // The seeds' Map iterations are Standard transitions: every state an order's iteration entered, plus its Lambda Task.
  const seedsDesign = addUsage(tally.seeds, { standardTransitions: tally.inlineIterationStates + tally.orders });
  return { production, seedsDesign, zone: tally.zone, files: tally.files, orders: tally.orders, childExecutions: tally.children.size, childDurationsMs };
};
