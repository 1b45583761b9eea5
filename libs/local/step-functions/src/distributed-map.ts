import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import * as E from 'fp-ts/Either';
import { LocalRunnerConfigError, PAYLOAD_LIMIT_BYTES, StatesError, jsonBytes, payloadTooLarge } from './errors';
import { JsonArrayError, jsonArrayElements, parseElement } from '@sales-pipeline/json-array-stream';
import { itemTemplateEvaluator, templateEvaluator } from './library';
import { getObjectStream, putObjectText } from './services';
import type { Definition, Json, JsonObject, StateDefinition } from './asl';
import type { ExecutionFrame, ExecutionIds, RunnerContext } from './runner-context';

/** A child execution as the Map Run sees it (and as ResultWriter records it). */
export interface ChildOutcome {
  readonly executionArn: string;
  readonly name: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate: Date;
}

/** The runner and the execution a Map Run belongs to, and how it runs a child execution of the processor. */
export interface MapRunEnvironment {
  readonly runner: RunnerContext;
  readonly frame: ExecutionFrame;
  readonly runChild: (processor: Definition, input: Json, ids: ExecutionIds) => Promise<ChildOutcome>;
}

/** A Map Run's environment, with what its settings are evaluated on: the Map's effective input and the context object. */
interface MapRunScope extends MapRunEnvironment {
  readonly input: Json;
  readonly context: Record<string, unknown>;
}

/** Local cap on children at once when MaxConcurrency is 0 or absent (AWS: up to 10,000). */
const MAX_CHILD_CONCURRENCY = 16;

const ITEM_READER_RESOURCE = 'arn:aws:states:::s3:getObject';
const RESULT_WRITER_RESOURCE = 'arn:aws:states:::s3:putObject';

const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const objectField = (value: unknown, field: string): JsonObject | undefined => {
  const found = isJsonObject(value) ? value[field] : undefined;
  return isJsonObject(found) ? found : undefined;
};
const textField = (value: unknown, field: string): string | undefined => {
  const found = isJsonObject(value) ? value[field] : undefined;
  return typeof found === 'string' ? found : undefined;
};

/** Refuses, before any run, the distributed-Map features the local version does not implement. */
export const checkDistributedMap = (name: string, state: StateDefinition): void => {
  const refuse = (what: string) => {
    throw new LocalRunnerConfigError(`distributed Map ${name}: ${what} is not supported by the local runner`);
  };
  const reader = state.ItemReader;
  const inputType = textField(objectField(reader, 'ReaderConfig'), 'InputType');
  if (reader && textField(reader, 'Resource') !== ITEM_READER_RESOURCE) refuse(`ItemReader Resource ${textField(reader, 'Resource')}`);
  if (reader && (inputType ?? 'JSON') !== 'JSON') refuse(`ReaderConfig InputType ${inputType}`);
  const writer = state.ResultWriter;
  const writerConfig = objectField(writer, 'WriterConfig');
  if (writer && textField(writer, 'Resource') !== RESULT_WRITER_RESOURCE) refuse(`ResultWriter Resource ${textField(writer, 'Resource')} (or WriterConfig without S3)`);
  if (writerConfig && ((textField(writerConfig, 'Transformation') ?? 'NONE') !== 'NONE' || (textField(writerConfig, 'OutputType') ?? 'JSON') !== 'JSON'))
    refuse('ResultWriter WriterConfig other than Transformation NONE / OutputType JSON');
  const processor = state.ItemProcessor ?? state.Iterator;
  if (processor?.ProcessorConfig?.ExecutionType && processor.ProcessorConfig.ExecutionType !== 'EXPRESS' && processor.ProcessorConfig.ExecutionType !== 'STANDARD')
    refuse(`ExecutionType ${processor.ProcessorConfig.ExecutionType}`);
};

const readerFailed = (cause: string) => new StatesError('States.ItemReaderFailed', cause);

const pathValue = async (path: string | undefined, { input, context }: MapRunScope): Promise<Json | undefined> => {
  if (path === undefined) return undefined;
  const evaluated = await templateEvaluator({ 'value.$': path })(input, context);
  return isJsonObject(evaluated) ? evaluated['value'] : undefined;
};

const numberSetting = async (settings: JsonObject | StateDefinition, field: string, scope: MapRunScope): Promise<number | undefined> => {
  const direct = settings[field];
  if (typeof direct === 'number') return direct;
  const fromPath = await pathValue(textField(settings, `${field}Path`), scope);
  return typeof fromPath === 'number' ? fromPath : undefined;
};

/** The items of a Map Run, readable more than once (once to plan the batches, once to run them). */
type ItemSource = () => AsyncIterable<Json>;

/** Reports each S3 request of ItemReader and ResultWriter, with the bytes read or written. */
type ObjectRequestListener = (operation: 'GetObject' | 'PutObject', bytes: number) => void;

const objectRequests =
  ({ frame }: MapRunScope): ObjectRequestListener =>
  (operation, bytes) =>
    frame.report({ type: 'ObjectRequest', executionArn: frame.ids.executionArn, operation, bytes });

async function* countingBytes(chunks: AsyncIterable<Uint8Array>, onEnd: (bytes: number) => void): AsyncIterable<Uint8Array> {
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  } finally {
    onEnd(bytes);
  }
}

/** ItemReader's one GetObject is reported once, on the first read, however often the local run reads the object. */
const objectItems = (
  s3: S3Client,
  where: { Bucket: string; Key: string; VersionId?: string },
  maxItems: number | undefined,
  onObjectRequest: ObjectRequestListener,
): ItemSource => {
  let reads = 0;
  return async function* () {
    const { Bucket, Key, VersionId } = where;
    const body = await getObjectStream(s3, Bucket, Key, VersionId)();
    reads += 1;
    const report = reads === 1 ? (bytes: number) => onObjectRequest('GetObject', bytes) : () => undefined;
    if (E.isLeft(body)) {
      report(0);
      throw readerFailed(`Unable to read s3://${Bucket}/${Key}: ${body.left.message}`);
    }
    let count = 0;
    try {
      for await (const text of jsonArrayElements(countingBytes(body.right, report))) {
        if (maxItems !== undefined && count >= maxItems) return;
        const item: Json = parseElement(text, count);
        count += 1;
        yield item;
      }
    } catch (error) {
      // A stream that breaks off is a technical failure (retried); a body that is not a JSON array is the file's content.
      if (!(error instanceof JsonArrayError)) throw readerFailed(`Unable to read s3://${Bucket}/${Key}: ${error instanceof Error ? error.message : String(error)}`);
      throw readerFailed(
        error.problem._tag === 'NotAnArray'
          ? `The object s3://${Bucket}/${Key} is not a JSON array: Attempting to map over non-iterable node.`
          : `The object s3://${Bucket}/${Key} is not valid JSON: ${error.message}`,
      );
    }
  };
};

/** The evaluated Parameters of ItemReader or ResultWriter, and the S3 client they are sent with. */
const s3Request = async (settings: JsonObject, what: 'ItemReader' | 'ResultWriter', scope: MapRunScope) => {
  const { s3 } = scope.runner.clients;
  if (!s3) throw new StatesError('States.Runtime', `no s3 client configuration was given for the ${what}`, { terminal: true });
  return { s3, parameters: await templateEvaluator(objectField(settings, 'Parameters') ?? {})(scope.input, scope.context) };
};

const itemSource = async (state: StateDefinition, scope: MapRunScope): Promise<ItemSource> => {
  const reader = state.ItemReader;
  if (!reader) {
    const items = (await pathValue(state.ItemsPath ?? '$', scope)) ?? null;
    if (!Array.isArray(items)) throw new StatesError('States.Runtime', 'Attempting to map over non-iterable node.', { terminal: true });
    return async function* () {
      yield* items;
    };
  }
  const { s3, parameters } = await s3Request(reader, 'ItemReader', scope);
  const [Bucket, Key, VersionId] = [textField(parameters, 'Bucket'), textField(parameters, 'Key'), textField(parameters, 'VersionId')];
  if (Bucket === undefined || Key === undefined) throw readerFailed('ItemReader Parameters must give a Bucket and a Key');
  const maxItems = await numberSetting(objectField(reader, 'ReaderConfig') ?? {}, 'MaxItems', scope);
  return objectItems(s3, { Bucket, Key, ...(VersionId ? { VersionId } : {}) }, maxItems && maxItems > 0 ? maxItems : undefined, objectRequests(scope));
};

export interface Batch {
  readonly input: Json;
  readonly itemCount: number;
}

interface BatchLimits {
  readonly maxItems?: number | undefined;
  readonly maxBytes?: number | undefined;
  readonly batchInput?: Json;
}

/**
 * Greedy batching in item order: a batch closes when one more item would pass MaxItemsPerBatch or make the child's
 * input `{"Items":[...],"BatchInput":{...}}` larger than MaxInputBytesPerBatch (UTF-8 bytes of its JSON; AWS's cap
 * and default is 256 KiB). An item too large for a batch of its own cannot be delivered: the Map fails.
 */
export const createBatcher = (limits: BatchLimits) => {
  const maxItems = limits.maxItems && limits.maxItems > 0 ? limits.maxItems : Infinity;
  const maxBytes = Math.min(limits.maxBytes && limits.maxBytes > 0 ? limits.maxBytes : PAYLOAD_LIMIT_BYTES, PAYLOAD_LIMIT_BYTES);
  const wrap = (batch: Json[]): Batch => ({
    input: limits.batchInput === undefined ? { Items: batch } : { Items: batch, BatchInput: limits.batchInput },
    itemCount: batch.length,
  });
  const emptyBytes = jsonBytes(wrap([]).input);
  let current: Json[] = [];
  let currentBytes = emptyBytes;
  return {
    /** Adds an item; returns the batch it closed, if any. */
    add: (item: Json, index: number): Batch | undefined => {
      const itemBytes = jsonBytes(item);
      if (emptyBytes + itemBytes > maxBytes)
        throw readerFailed(`Item ${index} (${itemBytes} bytes) does not fit in a batch of MaxInputBytesPerBatch ${maxBytes} bytes`);
      const separator = current.length > 0 ? 1 : 0;
      let closed: Batch | undefined;
      if (current.length >= maxItems || currentBytes + separator + itemBytes > maxBytes) {
        closed = wrap(current);
        current = [];
        currentBytes = emptyBytes;
      }
      currentBytes += (current.length > 0 ? 1 : 0) + itemBytes;
      current.push(item);
      return closed;
    },
    flush: (): Batch | undefined => (current.length > 0 ? wrap(current) : undefined),
  };
};

interface Tolerance {
  readonly count?: number;
  readonly percentage?: number;
}

const exceeds = (tolerance: Tolerance, failedItems: number, totalItems: number): boolean =>
  failedItems > (tolerance.count ?? (tolerance.percentage === undefined ? 0 : Infinity)) ||
  (tolerance.percentage !== undefined && totalItems > 0 && (failedItems / totalItems) * 100 > tolerance.percentage);

type ResultStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

const resultRecord = (outcome: ChildOutcome | undefined, input: Json, stateMachineArn: string): JsonObject => {
  if (!outcome) return { Input: JSON.stringify(input), InputDetails: { Included: true }, StateMachineArn: stateMachineArn, Status: 'PENDING' };
  const common = {
    ExecutionArn: outcome.executionArn,
    Input: JSON.stringify(input),
    InputDetails: { Included: true },
    Name: outcome.name,
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: `Execution is ${outcome.status} and cannot be redriven`,
    StartDate: outcome.startDate.toISOString(),
    StateMachineArn: stateMachineArn,
    Status: outcome.status,
    StopDate: outcome.stopDate.toISOString(),
  };
  return outcome.status === 'SUCCEEDED'
    ? { ...common, Output: JSON.stringify(outcome.output ?? null), OutputDetails: { Included: true } }
    : { ...common, Error: outcome.error ?? null, Cause: outcome.cause ?? null };
};

/**
 * ResultWriter's layout: `<Prefix>/<map run id>/manifest.json` plus, per status that has executions, files
 * `<STATUS>_0.json`, `<STATUS>_1.json`, ...: AWS starts a new file when one would pass 5 GB; the local run starts one
 * at `fileBytes` (a few MiB, under what the S3 emulator accepts in one request). Records are written as the children
 * end, so memory holds at most one file's worth per status; the manifest is written last.
 */
const createResultFiles = (s3: S3Client, bucket: string, base: string, fileBytes: number, onObjectRequest: ObjectRequestListener) => {
  const files: Record<ResultStatus, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const buffered: Record<ResultStatus, { records: string[]; bytes: number }> = {
    FAILED: { records: [], bytes: 0 },
    PENDING: { records: [], bytes: 0 },
    SUCCEEDED: { records: [], bytes: 0 },
  };
  let writing: Promise<void> = Promise.resolve();
  const put = async (key: string, body: string): Promise<number> => {
    const written = await putObjectText(s3, bucket, key, body)();
    onObjectRequest('PutObject', Buffer.byteLength(body, 'utf8'));
    if (E.isLeft(written)) throw new StatesError('States.ResultWriterFailed', `Unable to write s3://${bucket}/${key}: ${written.left.message}`);
    return written.right;
  };
  const writeFile = (status: ResultStatus) => {
    const { records } = buffered[status];
    buffered[status] = { records: [], bytes: 0 };
    const entry = { Key: `${base}${status}_${files[status].length}.json`, Size: 0 };
    files[status].push(entry);
    writing = writing.then(async () => {
      entry.Size = await put(entry.Key, `[${records.join(',')}]`);
    });
    return writing;
  };
  return {
    add: async (status: ResultStatus, record: JsonObject): Promise<void> => {
      const text = JSON.stringify(record);
      const file = buffered[status];
      file.records.push(text);
      file.bytes += text.length + 1;
      if (file.bytes >= fileBytes) await writeFile(status);
    },
    finish: async (mapRunArn: string): Promise<{ readonly Bucket: string; readonly Key: string }> => {
      for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) if (buffered[status].records.length > 0) void writeFile(status);
      await writing;
      const manifestKey = `${base}manifest.json`;
      await put(manifestKey, JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files }));
      return { Bucket: bucket, Key: manifestKey };
    },
  };
};

type BatchSource = () => AsyncGenerator<Batch>;

/** The Map Run's batches, readable more than once: the items, shaped by ItemSelector, grouped by ItemBatcher. */
const batchSource = async (state: StateDefinition, scope: MapRunScope): Promise<BatchSource> => {
  const { input, context } = scope;
  const source = await itemSource(state, scope);
  const selector = state.ItemSelector ?? state.Parameters;
  const select = selector ? itemTemplateEvaluator(selector) : undefined;
  const batcher = state.ItemBatcher;
  const batchInput = objectField(batcher, 'BatchInput');
  const limits: BatchLimits | undefined = batcher && {
    maxItems: await numberSetting(batcher, 'MaxItemsPerBatch', scope),
    maxBytes: await numberSetting(batcher, 'MaxInputBytesPerBatch', scope),
    ...(batchInput ? { batchInput: await templateEvaluator(batchInput)(input, context) } : {}),
  };
  return async function* batches(): AsyncGenerator<Batch> {
    const batching = limits && createBatcher(limits);
    let index = 0;
    for await (const value of source()) {
      const item = select ? await select(input, { ...context, Map: { Item: { Index: index, Value: value } } }) : value;
      const batch = batching ? batching.add(item, index) : { input: item, itemCount: 1 };
      index += 1;
      if (batch) yield batch;
    }
    const last = batching?.flush();
    if (last) yield last;
  };
};

/** The first pass over the items: checks the whole file and counts what the Map Run will start. */
const countBatches = async (batches: BatchSource): Promise<{ readonly itemCount: number; readonly batchCount: number }> => {
  let itemCount = 0;
  let batchCount = 0;
  for await (const batch of batches()) {
    itemCount += batch.itemCount;
    batchCount += 1;
  }
  return { itemCount, batchCount };
};

/** The Map Run's names, tolerated failures, concurrency and result files, from the state on the effective input. */
const mapRunSettings = async (stateName: string, state: StateDefinition, scope: MapRunScope) => {
  const label = state.Label ?? stateName;
  const mapRunId = randomUUID();
  const { region, accountId, stateMachineName } = scope.runner;
  const arnBase = `arn:aws:states:${region}:${accountId}`;
  const tolerance: Tolerance = {
    ...(await numberSetting(state, 'ToleratedFailureCount', scope).then((count) => (count === undefined ? {} : { count }))),
    ...(await numberSetting(state, 'ToleratedFailurePercentage', scope).then((percentage) => (percentage === undefined ? {} : { percentage }))),
  };
  const maxConcurrency = Math.max(1, (await numberSetting(state, 'MaxConcurrency', scope)) || MAX_CHILD_CONCURRENCY);
  const resultFiles = state.ResultWriter ? await resultFilesOf(state.ResultWriter, scope, mapRunId) : undefined;
  return {
    mapRunArn: `${arnBase}:mapRun:${stateMachineName}/${label}:${mapRunId}`,
    childArnPrefix: `${arnBase}:express:${stateMachineName}/${label}:${mapRunId}`,
    childStateMachineArn: `${arnBase}:stateMachine:${stateMachineName}/${label}`,
    tolerance,
    maxConcurrency,
    resultFiles,
  };
};

/** What the Map Run's children run with, fixed before the first starts. */
type MapRun = Awaited<ReturnType<typeof mapRunSettings>> & {
  readonly environment: MapRunEnvironment;
  readonly processor: Definition;
  readonly itemCount: number;
  readonly batchCount: number;
};

/** How the children ended so far; their outputs are kept only when no ResultWriter writes them. */
interface ChildTally {
  succeeded: number;
  failed: number;
  failedItems: number;
  firstFailure?: ChildOutcome;
  readonly outputs: Json[];
}

/** Once true (StopExecution), no further child starts: the children running finish and the Map Run fails. */
const aborted = ({ runner, frame }: MapRunEnvironment): boolean => runner.aborts.generation > frame.startedInGeneration;

const exceeded = (run: MapRun, tally: ChildTally): boolean => exceeds(run.tolerance, tally.failedItems, run.itemCount);

/** Runs one batch as a child execution and records its end; once the tolerated failures are exceeded, records it PENDING. */
const runBatch = async (run: MapRun, tally: ChildTally, batch: Batch, index: number): Promise<void> => {
  if (exceeded(run, tally)) {
    await run.resultFiles?.add('PENDING', resultRecord(undefined, batch.input, run.childStateMachineArn));
    return;
  }
  const name = randomUUID();
  const executionArn = `${run.childArnPrefix}:${name}`;
  const tooLarge = payloadTooLarge('child execution input', batch.input);
  const now = new Date();
  const outcome: ChildOutcome = tooLarge
    ? { executionArn, name, status: 'FAILED', error: tooLarge.error, cause: tooLarge.causeText, startDate: now, stopDate: now }
    : await run.environment.runChild(run.processor, batch.input, { executionArn, name, kind: 'EXPRESS', parentArn: run.environment.frame.ids.executionArn });
  if (outcome.status === 'FAILED') {
    tally.failed += 1;
    tally.failedItems += batch.itemCount;
    tally.firstFailure ??= outcome;
  } else tally.succeeded += 1;
  if (!run.resultFiles) tally.outputs[index] = outcome.output ?? null;
  const { frame } = run.environment;
  frame.report({
    type: 'MapRunChildEnded',
    executionArn: frame.ids.executionArn,
    childArn: outcome.executionArn,
    status: outcome.status,
    items: batch.itemCount,
    input: batch.input,
    ...(outcome.output === undefined ? {} : { output: outcome.output }),
  });
  await run.resultFiles?.add(outcome.status, resultRecord(outcome, batch.input, run.childStateMachineArn));
};

/**
 * Runs the batches, at most MaxConcurrency children at once: the next batch is pulled only when one has ended
 * (backpressure, which p-limit does not give: batches wait in the file, not in memory). No batch starts once the
 * execution is stopped or a batch could not be run; that failure is thrown when the children running have ended.
 */
const runChildren = async (run: MapRun, tally: ChildTally, batches: BatchSource): Promise<void> => {
  const running = new Set<Promise<void>>();
  let runFailure: unknown;
  let index = 0;
  for await (const batch of batches()) {
    if (runFailure !== undefined || aborted(run.environment)) break;
    const child = runBatch(run, tally, batch, index).catch((error: unknown) => {
      runFailure ??= error;
    });
    index += 1;
    running.add(child);
    void child.finally(() => running.delete(child));
    if (running.size >= run.maxConcurrency) await Promise.race(running);
  }
  await Promise.all(running);
  if (runFailure !== undefined) throw runFailure;
};

/** The Map's output once its children have ended, or its failure: stopped, or past the tolerated failures. */
const mapRunOutput = (run: MapRun, tally: ChildTally, written: { readonly Bucket: string; readonly Key: string } | undefined): Json => {
  if (aborted(run.environment))
    throw new StatesError('States.Aborted', `The execution was stopped after ${tally.succeeded + tally.failed} of ${run.batchCount} child executions`, { terminal: true });
  if (exceeded(run, tally)) {
    throw new StatesError(
      'States.ExceedToleratedFailureThreshold',
      `The specified tolerated failure threshold was exceeded: ${tally.failedItems} of ${run.itemCount} items failed (${tally.failed} child executions); first failure: ${tally.firstFailure?.error}: ${tally.firstFailure?.cause}`,
    );
  }
  if (written) return { MapRunArn: run.mapRunArn, ResultWriterDetails: written };
  const tooLarge = payloadTooLarge('Map state output', tally.outputs);
  if (tooLarge) throw tooLarge;
  return tally.outputs;
};

/**
 * One Map Run of a distributed Map, as AWS documents it: read the items (ItemReader or ItemsPath on the effective
 * input), shape each with ItemSelector (`$$.Map.Item.Index`/`Value`), batch them (ItemBatcher), run each batch as a
 * child execution of the ItemProcessor with at most MaxConcurrency at once, tolerate failures up to
 * ToleratedFailureCount/Percentage (items of failed children), and write the results (ResultWriter).
 * The items are streamed twice: once to check the whole file and plan the batches before any child starts (a file
 * that is not a JSON array fails the Map first, as on AWS), once to run them; memory holds the batches in flight.
 */
export const runMapRun = async (
  stateName: string,
  state: StateDefinition,
  input: Json,
  environment: MapRunEnvironment,
): Promise<Json> => {
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError('States.Runtime', `the distributed Map ${stateName} has no ItemProcessor`, { terminal: true });
  const context = { ...environment.frame.context, State: { Name: stateName, EnteredTime: new Date().toISOString() } };
  const scope: MapRunScope = { ...environment, input, context };
  const batches = await batchSource(state, scope);
  const counted = await countBatches(batches);
  const run: MapRun = { environment, processor, ...counted, ...(await mapRunSettings(stateName, state, scope)) };
  environment.frame.report({ type: 'MapRunStarted', executionArn: environment.frame.ids.executionArn, items: run.itemCount });
  const tally: ChildTally = { succeeded: 0, failed: 0, failedItems: 0, outputs: [] };
  await runChildren(run, tally, batches);
  const written = await run.resultFiles?.finish(run.mapRunArn);
  return mapRunOutput(run, tally, written);
};

const resultFilesOf = async (writer: JsonObject, scope: MapRunScope, mapRunId: string) => {
  const { s3, parameters } = await s3Request(writer, 'ResultWriter', scope);
  const bucket = textField(parameters, 'Bucket');
  if (bucket === undefined) throw new StatesError('States.ResultWriterFailed', 'ResultWriter Parameters must give a Bucket');
  const prefix = textField(parameters, 'Prefix') ?? '';
  const base = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}${mapRunId}/`;
  return createResultFiles(s3, bucket, base, scope.runner.resultFileBytes, objectRequests(scope));
};
