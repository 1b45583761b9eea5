import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LocalRunnerConfigError, PAYLOAD_LIMIT_BYTES, StatesError, jsonBytes, payloadTooLarge } from './errors';
import { templateEvaluator } from './library';
import { getObjectText, putObjectText } from './services';
import type { Definition, Json, JsonObject, StateDefinition } from './asl';

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

export interface MapRunEnvironment {
  readonly s3?: S3Client;
  readonly region: string;
  readonly accountId: string;
  readonly stateMachineName: string;
  /** Local cap on children at once when MaxConcurrency is 0 or absent (AWS: up to 10,000). */
  readonly maxChildConcurrency: number;
  readonly runChild: (processor: Definition, input: Json, ids: { readonly executionArn: string; readonly name: string }) => Promise<ChildOutcome>;
  readonly onStarted: (mapRunArn: string, items: number, batches: number) => void;
  readonly onEnded: (
    mapRunArn: string,
    counts: { succeeded: number; failed: number; pending: number },
    resultWriterDetails?: { readonly Bucket: string; readonly Key: string },
  ) => void;
}

const ITEM_READER_RESOURCE = 'arn:aws:states:::s3:getObject';
const RESULT_WRITER_RESOURCE = 'arn:aws:states:::s3:putObject';

/** Refuses, before any run, the distributed-Map features the local version does not implement. */
export const checkDistributedMap = (name: string, state: StateDefinition): void => {
  const refuse = (what: string) => {
    throw new LocalRunnerConfigError(`distributed Map ${name}: ${what} is not supported by the local runner`);
  };
  const reader = state.ItemReader as { Resource?: string; ReaderConfig?: { InputType?: string } } | undefined;
  if (reader && reader.Resource !== ITEM_READER_RESOURCE) refuse(`ItemReader Resource ${reader.Resource}`);
  if (reader && (reader.ReaderConfig?.InputType ?? 'JSON') !== 'JSON') refuse(`ReaderConfig InputType ${reader.ReaderConfig?.InputType}`);
  const writer = state.ResultWriter as { Resource?: string; WriterConfig?: { Transformation?: string; OutputType?: string } } | undefined;
  if (writer && writer.Resource !== RESULT_WRITER_RESOURCE) refuse(`ResultWriter Resource ${writer.Resource} (or WriterConfig without S3)`);
  if (writer?.WriterConfig && ((writer.WriterConfig.Transformation ?? 'NONE') !== 'NONE' || (writer.WriterConfig.OutputType ?? 'JSON') !== 'JSON'))
    refuse('ResultWriter WriterConfig other than Transformation NONE / OutputType JSON');
  const processor = state.ItemProcessor ?? state.Iterator;
  if (processor?.ProcessorConfig?.ExecutionType && processor.ProcessorConfig.ExecutionType !== 'EXPRESS' && processor.ProcessorConfig.ExecutionType !== 'STANDARD')
    refuse(`ExecutionType ${processor.ProcessorConfig.ExecutionType}`);
};

const readerFailed = (cause: string) => new StatesError('States.ItemReaderFailed', cause);

/**
 * Where a JSON text stops parsing and why, never what it says there: Node's parser messages quote the text
 * (`Unexpected token 'o', "order_id,c"... is not valid JSON`), and a file's first characters can be contact info.
 */
export const parseErrorPosition = (text: string): string => {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'the parser gave no position';
  const lines = text.slice(0, first.offset).split('\n');
  return `${printParseErrorCode(first.error)} at character ${first.offset}, line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
};

const pathValue = async (path: string | undefined, input: Json, context: Record<string, unknown>): Promise<Json | undefined> =>
  path === undefined ? undefined : ((await templateEvaluator({ 'value.$': path })(input, context)) as { value: Json }).value;

const numberSetting = async (state: JsonObject | StateDefinition, field: string, input: Json, context: Record<string, unknown>): Promise<number | undefined> => {
  const direct = state[field];
  if (typeof direct === 'number') return direct;
  const fromPath = await pathValue(state[`${field}Path`] as string | undefined, input, context);
  return typeof fromPath === 'number' ? fromPath : undefined;
};

const readItems = async (state: StateDefinition, input: Json, context: Record<string, unknown>, s3: S3Client | undefined): Promise<Json[]> => {
  const reader = state.ItemReader as { Parameters?: JsonObject; ReaderConfig?: JsonObject } | undefined;
  if (!reader) {
    const items = (await pathValue(state.ItemsPath ?? '$', input, context)) ?? null;
    if (!Array.isArray(items)) throw new StatesError('States.Runtime', 'Attempting to map over non-iterable node.', { terminal: true });
    return items;
  }
  if (!s3) throw new StatesError('States.Runtime', 'no s3 client configuration was given for the ItemReader', { terminal: true });
  const { Bucket, Key, VersionId } = (await templateEvaluator(reader.Parameters ?? {})(input, context)) as { Bucket?: string; Key?: string; VersionId?: string };
  if (typeof Bucket !== 'string' || typeof Key !== 'string') throw readerFailed('ItemReader Parameters must give a Bucket and a Key');
  const text = await getObjectText(s3, Bucket, Key, VersionId)();
  if (text._tag === 'Left') throw readerFailed(`Unable to read s3://${Bucket}/${Key}: ${text.left.message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.right);
  } catch {
    throw readerFailed(`The object s3://${Bucket}/${Key} is not valid JSON: ${parseErrorPosition(text.right)}`);
  }
  if (!Array.isArray(parsed)) throw readerFailed(`The object s3://${Bucket}/${Key} is not a JSON array: Attempting to map over non-iterable node.`);
  const maxItems = await numberSetting(reader.ReaderConfig ?? {}, 'MaxItems', input, context);
  return maxItems && maxItems > 0 ? (parsed as Json[]).slice(0, maxItems) : (parsed as Json[]);
};

export interface Batch {
  readonly input: Json;
  readonly itemCount: number;
}

/**
 * Greedy batching in item order: a batch closes when one more item would pass MaxItemsPerBatch or make the child's
 * input `{"Items":[...],"BatchInput":{...}}` larger than MaxInputBytesPerBatch (UTF-8 bytes of its JSON; AWS's cap
 * and default is 256 KiB). An item too large for a batch of its own cannot be delivered: the Map fails.
 */
export const batchItems = (items: readonly Json[], limits: { maxItems?: number; maxBytes?: number; batchInput?: Json }): Batch[] => {
  const maxItems = limits.maxItems && limits.maxItems > 0 ? limits.maxItems : Infinity;
  const maxBytes = Math.min(limits.maxBytes && limits.maxBytes > 0 ? limits.maxBytes : PAYLOAD_LIMIT_BYTES, PAYLOAD_LIMIT_BYTES);
  const wrap = (batch: Json[]): Json => (limits.batchInput === undefined ? { Items: batch } : { Items: batch, BatchInput: limits.batchInput });
  const emptyBytes = jsonBytes(wrap([]));
  const batches: Batch[] = [];
  let current: Json[] = [];
  let currentBytes = emptyBytes;
  items.forEach((item, index) => {
    const itemBytes = jsonBytes(item);
    if (emptyBytes + itemBytes > maxBytes)
      throw readerFailed(`Item ${index} (${itemBytes} bytes) does not fit in a batch of MaxInputBytesPerBatch ${maxBytes} bytes`);
    const separator = current.length > 0 ? 1 : 0;
    if (current.length >= maxItems || currentBytes + separator + itemBytes > maxBytes) {
      batches.push({ input: wrap(current), itemCount: current.length });
      current = [];
      currentBytes = emptyBytes;
    }
    currentBytes += (current.length > 0 ? 1 : 0) + itemBytes;
    current.push(item);
  });
  if (current.length > 0) batches.push({ input: wrap(current), itemCount: current.length });
  return batches;
};

interface Tolerance {
  readonly count?: number;
  readonly percentage?: number;
}

const exceeds = (tolerance: Tolerance, failedItems: number, totalItems: number): boolean =>
  failedItems > (tolerance.count ?? (tolerance.percentage === undefined ? 0 : Infinity)) ||
  (tolerance.percentage !== undefined && totalItems > 0 && (failedItems / totalItems) * 100 > tolerance.percentage);

interface ResultRecord {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'PENDING';
  readonly record: JsonObject;
}

const resultRecord = (outcome: ChildOutcome | undefined, input: Json, stateMachineArn: string): ResultRecord => {
  if (!outcome)
    return { status: 'PENDING', record: { Input: JSON.stringify(input), InputDetails: { Included: true }, StateMachineArn: stateMachineArn, Status: 'PENDING' } };
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
    ? { status: 'SUCCEEDED', record: { ...common, Output: JSON.stringify(outcome.output ?? null), OutputDetails: { Included: true } } }
    : { status: 'FAILED', record: { ...common, Error: outcome.error ?? null, Cause: outcome.cause ?? null } };
};

/** ResultWriter's layout: `<Prefix>/<map run id>/manifest.json` plus one file per status that has executions. */
const writeResults = async (
  s3: S3Client,
  parameters: { Bucket?: string; Prefix?: string },
  mapRunArn: string,
  mapRunId: string,
  records: readonly ResultRecord[],
): Promise<{ readonly MapRunArn: string; readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string } }> => {
  const bucket = parameters.Bucket;
  if (typeof bucket !== 'string') throw new StatesError('States.ResultWriterFailed', 'ResultWriter Parameters must give a Bucket');
  const prefix = parameters.Prefix ?? '';
  const base = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}${mapRunId}/`;
  const put = async (key: string, body: string) => {
    const written = await putObjectText(s3, bucket, key, body)();
    if (written._tag === 'Left') throw new StatesError('States.ResultWriterFailed', `Unable to write s3://${bucket}/${key}: ${written.left.message}`);
    return written.right;
  };
  const resultFiles: Record<string, Json> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
    const ofStatus = records.filter((r) => r.status === status).map((r) => r.record);
    if (ofStatus.length === 0) continue;
    const key = `${base}${status}_0.json`;
    resultFiles[status] = [{ Key: key, Size: await put(key, JSON.stringify(ofStatus)) }];
  }
  const manifestKey = `${base}manifest.json`;
  await put(manifestKey, JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: resultFiles }));
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
};

/** Runs at most `limit` tasks at once, in order; stops starting new ones once `stopped()` says so. */
const runBounded = async (count: number, limit: number, stopped: () => boolean, task: (index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !stopped()) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
};

/**
 * One Map Run of a distributed Map, as AWS documents it: read the items (ItemReader or ItemsPath on the effective
 * input), shape each with ItemSelector (`$$.Map.Item.Index`/`Value`), batch them (ItemBatcher), run each batch as a
 * child execution of the ItemProcessor with at most MaxConcurrency at once, tolerate failures up to
 * ToleratedFailureCount/Percentage (items of failed children), and write the results (ResultWriter).
 */
export const runMapRun = async (
  stateName: string,
  state: StateDefinition,
  input: Json,
  parentContext: Record<string, unknown>,
  environment: MapRunEnvironment,
): Promise<Json> => {
  const processor = (state.ItemProcessor ?? state.Iterator) as Definition;
  const context = { ...parentContext, State: { Name: stateName, EnteredTime: new Date().toISOString() } };
  const items = await readItems(state, input, context, environment.s3);
  const selector = state.ItemSelector ?? state.Parameters;
  const select = selector ? templateEvaluator(selector) : undefined;
  const selected: Json[] = [];
  for (const [index, value] of items.entries())
    selected.push(select ? await select(input, { ...context, Map: { Item: { Index: index, Value: value } } }) : value);

  const batcher = state.ItemBatcher as (JsonObject & { BatchInput?: JsonObject }) | undefined;
  const batches: Batch[] = batcher
    ? batchItems(selected, {
        maxItems: await numberSetting(batcher, 'MaxItemsPerBatch', input, context),
        maxBytes: await numberSetting(batcher, 'MaxInputBytesPerBatch', input, context),
        ...(batcher.BatchInput ? { batchInput: await templateEvaluator(batcher.BatchInput)(input, context) } : {}),
      })
    : selected.map((item) => ({ input: item, itemCount: 1 }));

  const label = state.Label ?? stateName;
  const mapRunId = randomUUID();
  const arnBase = `arn:aws:states:${environment.region}:${environment.accountId}`;
  const mapRunArn = `${arnBase}:mapRun:${environment.stateMachineName}/${label}:${mapRunId}`;
  const childStateMachineArn = `${arnBase}:stateMachine:${environment.stateMachineName}/${label}`;
  const tolerance: Tolerance = {
    ...(await numberSetting(state, 'ToleratedFailureCount', input, context).then((count) => (count === undefined ? {} : { count }))),
    ...(await numberSetting(state, 'ToleratedFailurePercentage', input, context).then((percentage) => (percentage === undefined ? {} : { percentage }))),
  };
  const maxConcurrency = (await numberSetting(state, 'MaxConcurrency', input, context)) || environment.maxChildConcurrency;

  environment.onStarted(mapRunArn, items.length, batches.length);
  const outcomes: (ChildOutcome | undefined)[] = new Array(batches.length).fill(undefined);
  let failedItems = 0;
  await runBounded(
    batches.length,
    Math.max(1, maxConcurrency),
    () => exceeds(tolerance, failedItems, items.length),
    async (index) => {
      const batch = batches[index] as Batch;
      const name = randomUUID();
      const executionArn = `${arnBase}:express:${environment.stateMachineName}/${label}:${mapRunId}:${name}`;
      const tooLarge = payloadTooLarge('child execution input', batch.input);
      const now = new Date();
      const outcome: ChildOutcome = tooLarge
        ? { executionArn, name, status: 'FAILED', error: tooLarge.error, cause: tooLarge.causeText, startDate: now, stopDate: now }
        : await environment.runChild(processor, batch.input, { executionArn, name });
      outcomes[index] = outcome;
      if (outcome.status === 'FAILED') failedItems += batch.itemCount;
    },
  );
  const succeeded = outcomes.filter((o) => o?.status === 'SUCCEEDED').length;
  const failed = outcomes.filter((o) => o?.status === 'FAILED').length;

  const writer = state.ResultWriter as { Parameters?: JsonObject } | undefined;
  const written = writer
    ? await (async () => {
        if (!environment.s3) throw new StatesError('States.Runtime', 'no s3 client configuration was given for the ResultWriter', { terminal: true });
        const parameters = (await templateEvaluator(writer.Parameters ?? {})(input, context)) as { Bucket?: string; Prefix?: string };
        const records = batches.map((batch, index) => resultRecord(outcomes[index], batch.input, childStateMachineArn));
        return writeResults(environment.s3, parameters, mapRunArn, mapRunId, records);
      })()
    : undefined;
  // Ended once the results are written, so a listener can read them, also when the Map Run is about to fail.
  environment.onEnded(mapRunArn, { succeeded, failed, pending: batches.length - succeeded - failed }, written?.ResultWriterDetails);

  if (exceeds(tolerance, failedItems, items.length)) {
    const firstFailure = outcomes.find((o) => o?.status === 'FAILED');
    throw new StatesError(
      'States.ExceedToleratedFailureThreshold',
      `The specified tolerated failure threshold was exceeded: ${failedItems} of ${items.length} items failed (${failed} child executions); first failure: ${firstFailure?.error}: ${firstFailure?.cause}`,
    );
  }
  if (written) return written;
  const output = outcomes.map((o) => (o?.output ?? null) as Json);
  const tooLarge = payloadTooLarge('Map state output', output);
  if (tooLarge) throw tooLarge;
  return output;
};
