import type { AwsCallFailed } from '@sales-pipeline/aws-adapters';
import { ALERT_PUBLISHED_NOT_MARKED } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { classifyDeadLetter, type QueuedMessage } from './dead-letter';
import type { DeadLetterQueue, Replayers } from './ports';
import { redriveDeadLetters } from './redrive';
import { describePlan, replayPlan } from './replay-plan';

const source = { bucket: 'lake', key: 'incoming/a.json', versionId: 'v1' };

const orderFailed = {
  type: 'order-failed',
  source: { ...source, index: 3 },
  orderId: 'o-3',
  error: { Error: 'DynamoDB.InternalServerErrorException', Cause: 'boom' },
  verdict: { index: 3, valid: true, item: { 'contact-info': { M: { email: { S: 'jane@example.com' } } } } },
};
const fileFailed = { type: 'file-failed', source, error: { Error: 'S3.NoSuchKeyException', Cause: 'gone' } };
const batchFailed = { type: 'batch-failed', source, error: { Error: 'Lambda.Unknown', Cause: 'exited' }, items: [{ index: 0 }, { index: 1 }] };
const executionFailed = (error: string) => ({
  version: '0',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  detail: {
    executionArn: 'arn:aws:states:eu-central-1:1:execution:sm:e1',
    stateMachineArn: 'arn:aws:states:eu-central-1:1:stateMachine:sm',
    name: 'e1',
    status: 'FAILED',
    input: '{"detail":{}}',
    error,
    cause: 'why',
  },
});
const onFailure = {
  version: '1.0',
  timestamp: '2026-01-01T00:01:00Z',
  requestContext: { functionArn: 'arn:aws:lambda:eu-central-1:1:function:gen', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
  requestPayload: { scheduledTime: '2026-01-01T00:00:00Z' },
  responseContext: { statusCode: 200, functionError: 'Unhandled' },
  responsePayload: { errorMessage: 'S3WriteFailed' },
};

const message = (body: unknown, attributes: Record<string, string> = {}, id = 'm1'): QueuedMessage => ({
  messageId: id,
  receiptHandle: `r-${id}`,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes,
});

describe('dead-letter classification', () => {
  it('types every producer of the dead-letter queue', () => {
    expect(classifyDeadLetter(message(orderFailed))).toEqual({
      kind: 'order-failed',
      file: source,
      index: 3,
      orderId: 'o-3',
      failure: { error: 'DynamoDB.InternalServerErrorException', cause: 'boom' },
    });
    expect(classifyDeadLetter(message(batchFailed))).toMatchObject({ kind: 'batch-failed', file: source, indexes: [0, 1] });
    expect(classifyDeadLetter(message(fileFailed))).toEqual({ kind: 'file-failed', file: source, failure: { error: 'S3.NoSuchKeyException', cause: 'gone' } });
    expect(replayPlan(classifyDeadLetter(message(fileFailed)))).toEqual({ _tag: 'RerunFileVersion', file: source });
    expect(classifyDeadLetter(message(executionFailed('OrderFileFailed')))).toMatchObject({
      kind: 'execution-failed',
      executionArn: 'arn:aws:states:eu-central-1:1:execution:sm:e1',
      failure: { error: 'OrderFileFailed', cause: 'why' },
    });
    expect(classifyDeadLetter(message(onFailure))).toEqual({
      kind: 'lambda-on-failure',
      functionArn: 'arn:aws:lambda:eu-central-1:1:function:gen',
      scheduledTime: '2026-01-01T00:00:00Z',
      failure: { error: 'RetriesExhausted', cause: 'S3WriteFailed' },
    });
    expect(
      classifyDeadLetter(
        message({ 'detail-type': 'Object Created' }, { RULE_ARN: 'arn:rule', TARGET_ARN: 'arn:sm', ERROR_CODE: 'SDK_CLIENT_ERROR', ERROR_MESSAGE: 'throttled' }),
      ),
    ).toEqual({ kind: 'rule-target-failed', ruleArn: 'arn:rule', targetArn: 'arn:sm', event: { 'detail-type': 'Object Created' }, failure: { error: 'SDK_CLIENT_ERROR', cause: 'throttled' } });
    expect(classifyDeadLetter(message({ scheduledTime: '2026-01-01T00:00:00Z' }, { SCHEDULE_ARN: 'arn:schedule', ERROR_CODE: 'AccessDenied' }))).toEqual({
      kind: 'scheduler-dead-letter',
      scheduleArn: 'arn:schedule',
      scheduledTime: '2026-01-01T00:00:00Z',
      failure: { error: 'AccessDenied' },
    });
  });

  it('names what it does not recognise', () => {
    expect(classifyDeadLetter(message('not json'))).toEqual({ kind: 'unrecognised', reason: 'the body is not JSON' });
    expect(classifyDeadLetter(message({ type: 'order-failed' }))).toMatchObject({ kind: 'unrecognised' });
  });

  it('plans each replay, and a rejected file needs none', () => {
    const plan = (body: unknown, attributes?: Record<string, string>) => replayPlan(classifyDeadLetter(message(body, attributes)));
    expect(plan(orderFailed)).toEqual({ _tag: 'RerunFileVersion', file: source });
    expect(plan(batchFailed)).toEqual({ _tag: 'RerunFileVersion', file: source });
    expect(plan(executionFailed('OrderFileFailed'))).toEqual({
      _tag: 'RedriveExecution',
      executionArn: 'arn:aws:states:eu-central-1:1:execution:sm:e1',
      input: '{"detail":{}}',
    });
    expect(plan(onFailure)).toEqual({ _tag: 'InvokeGenerator', scheduledTime: '2026-01-01T00:00:00Z' });
    expect(plan({ nope: 1 })).toMatchObject({ _tag: 'CannotReplay' });
    expect(describePlan(plan(orderFailed))).toBe(
      're-run s3://lake/incoming/a.json (version v1): start an execution for it (stored orders stay as they are, the missing ones are stored)',
    );
  });
});

/** An in-memory queue and replayers recording their calls: the program's bookkeeping, without AWS. */
const harness = (bodies: readonly { body: unknown; attributes?: Record<string, string> }[], refuse: Partial<Record<'start' | 'redrive' | 'invoke' | 'mark' | 'zone', string>> = {}) => {
  const queued = new Map(bodies.map((entry, i) => [`m${i}`, message(entry.body, entry.attributes, `m${i}`)]));
  const calls: string[] = [];
  const failed = (operation: string, errorName: string): AwsCallFailed => ({ _tag: 'AwsCallFailed', operation, resource: 'x', errorName, message: 'refused' });
  const queue: DeadLetterQueue = {
    url: 'q',
    receiveAll: () => TE.right([...queued.values()]),
    release: (messages) => {
      calls.push(`release ${messages.map((m) => m.messageId).join(',')}`);
      return TE.right(undefined);
    },
    remove: (m) => {
      calls.push(`delete ${m.messageId}`);
      queued.delete(m.messageId);
      return TE.right(undefined);
    },
  };
  const replayers: Replayers = {
    fileVersionEvent: (file) => TE.right({ detail: { object: { key: file.key } } }),
    executions: {
      start: (input) => {
        calls.push(`start ${JSON.stringify(input)}`);
        return refuse.start ? TE.left(failed('StartExecution', refuse.start)) : TE.right({ executionArn: 'arn:new' });
      },
      redrive: (arn) => {
        calls.push(`redrive ${arn}`);
        return refuse.redrive ? TE.left(failed('RedriveExecution', refuse.redrive)) : TE.right({ executionArn: arn });
      },
      listFailed: () => TE.right([]),
    },
    generator: {
      invoke: (time) => {
        calls.push(`invoke ${time}`);
        return refuse.invoke ? TE.left(failed('Invoke', refuse.invoke)) : TE.right({ written: `incoming/${time}.json` });
      },
    },
    orders: {
      markAlerted: (orderId) => {
        calls.push(`mark ${orderId}`);
        return refuse.mark ? TE.left(failed('UpdateItem', refuse.mark)) : TE.right('marked' as const);
      },
    },
    zone: {
      rewrite: (batch) => {
        calls.push(`zone ${JSON.stringify(batch)}`);
        return refuse.zone ? TE.left(failed('Invoke', refuse.zone)) : TE.right('2 objects');
      },
    },
  };
  return { queue, replayers, calls, queued };
};

describe('redrive', () => {
  it('replays a file version once for all its dead letters and deletes each only after its replay was accepted', async () => {
    const { queue, replayers, calls, queued } = harness([{ body: orderFailed }, { body: { ...orderFailed, source: { ...source, index: 4 } } }, { body: batchFailed }, { body: 'garbage' }]);
    const results = await redriveDeadLetters(queue, replayers, {})();
    expect(E.isRight(results) && results.right.map((r) => r.outcome._tag)).toEqual(['Replayed', 'Replayed', 'Replayed', 'Kept']);
    expect(calls).toEqual(['start {"detail":{"object":{"key":"incoming/a.json"}}}', 'delete m0', 'delete m1', 'delete m2', 'release m3']);
    expect([...queued.keys()]).toEqual(['m3']);
  });

  it('marks an order whose alert went out but whose mark failed for good, instead of re-running its file (whose copy would find the claim held)', async () => {
    const unmarked = { ...orderFailed, error: { Error: ALERT_PUBLISHED_NOT_MARKED, Cause: '{"Error":"DynamoDB.InternalServerErrorException"}' } };
    expect(replayPlan(classifyDeadLetter(message(unmarked)))).toEqual({ _tag: 'MarkOrderAlerted', orderId: orderFailed.orderId });
    const { queue, replayers, calls } = harness([{ body: unmarked }]);
    const results = await redriveDeadLetters(queue, replayers, {})();
    expect(E.isRight(results) && results.right.map((r) => r.outcome)).toEqual([{ _tag: 'Replayed', detail: `order ${orderFailed.orderId} marked alerted` }]);
    expect(calls).toEqual([`mark ${orderFailed.orderId}`, 'delete m0', 'release ']);
    const refused = harness([{ body: unmarked }], { mark: 'ProvisionedThroughputExceededException' });
    const kept = await redriveDeadLetters(refused.queue, refused.replayers, {})();
    expect(E.isRight(kept) && kept.right[0]?.outcome._tag).toBe('Kept');
    expect(refused.queued.size).toBe(1);
  });

  it('hands a zone-write-failed batch to the zone writer again, and keeps it when the writer refuses', async () => {
    const batch = { source, ingestedAt: '2026-01-01T00:00:00Z', verdicts: [], outcomes: [] };
    const zoneFailed = { type: 'zone-write-failed', batch, error: { Error: 'ZoneObjectNotWritten', Cause: 'S3 down' } };
    expect(classifyDeadLetter(message(zoneFailed))).toMatchObject({ kind: 'zone-write-failed', file: source });
    expect(replayPlan(classifyDeadLetter(message(zoneFailed)))).toEqual({ _tag: 'RewriteZone', file: source, batch });
    const { queue, replayers, calls } = harness([{ body: zoneFailed }]);
    const results = await redriveDeadLetters(queue, replayers, {})();
    expect(E.isRight(results) && results.right.map((r) => r.outcome)).toEqual([{ _tag: 'Replayed', detail: 'zone rewritten: 2 objects' }]);
    expect(calls).toEqual([`zone ${JSON.stringify(batch)}`, 'delete m0', 'release ']);
    const refused = harness([{ body: zoneFailed }], { zone: 'TooManyRequestsException' });
    const kept = await redriveDeadLetters(refused.queue, refused.replayers, {})();
    expect(E.isRight(kept) && kept.right[0]?.outcome._tag).toBe('Kept');
  });

  it('keeps a message whose replay was refused, with the reason', async () => {
    const { queue, replayers, queued } = harness([{ body: onFailure }], { invoke: 'TooManyRequestsException' });
    const results = await redriveDeadLetters(queue, replayers, {})();
    expect(E.isRight(results) && results.right[0]?.outcome).toEqual({ _tag: 'Kept', reason: 'Invoke x failed: TooManyRequestsException: refused' });
    expect(queued.size).toBe(1);
  });

  it('starts a new execution with the stored input when the failed one cannot be redriven', async () => {
    const { queue, replayers, calls } = harness([{ body: executionFailed('OrderFileFailed') }], { redrive: 'ExecutionNotRedrivable' });
    const results = await redriveDeadLetters(queue, replayers, {})();
    expect(E.isRight(results) && results.right[0]?.outcome).toEqual({
      _tag: 'Replayed',
      detail: 'not redrivable (ExecutionNotRedrivable); started arn:new with its input',
    });
    expect(calls.slice(0, 2)).toEqual(['redrive arn:aws:states:eu-central-1:1:execution:sm:e1', 'start {"detail":{}}']);
  });

  it('changes nothing on a dry run, and only touches the kinds asked for', async () => {
    const dry = harness([{ body: orderFailed }, { body: onFailure }]);
    const planned = await redriveDeadLetters(dry.queue, dry.replayers, { dryRun: true })();
    expect(E.isRight(planned) && planned.right.map((r) => r.outcome._tag)).toEqual(['WouldReplay', 'WouldReplay']);
    expect(dry.calls).toEqual(['release m0,m1']);

    const some = harness([{ body: orderFailed }, { body: onFailure }]);
    const results = await redriveDeadLetters(some.queue, some.replayers, { kinds: ['lambda-on-failure'] })();
    expect(E.isRight(results) && results.right.map((r) => r.outcome._tag)).toEqual(['Skipped', 'Replayed']);
    expect(some.calls).toEqual(['invoke 2026-01-01T00:00:00Z', 'delete m1', 'release m0']);
  });
});
