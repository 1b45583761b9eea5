import type { Definition, RunnerEvent } from '@sales-pipeline/local-step-functions';
import { meterRun } from './meter-run';
import { noUsage } from './usage';

/** The production shape in miniature: a Standard parent, a distributed Map, a child with an inline Map of 10 at once. */
const definition = {
  StartAt: 'Describe',
  States: {
    Describe: { Type: 'Pass', Next: 'Process' },
    Process: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'ValidateBatch',
        States: {
          ValidateBatch: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'StoreVerdicts' },
          StoreVerdicts: {
            Type: 'Map',
            MaxConcurrency: 10,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'IsValid',
              States: {
                IsValid: { Type: 'Choice' },
                Store: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem' },
                Read: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem' },
                Reject: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage' },
                Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish' },
                Mark: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:updateItem' },
                Done: { Type: 'Pass', End: true },
              },
            },
            End: true,
          },
        },
      },
      End: true,
    },
  },
} as unknown as Definition;

const parent = 'arn:parent';
const child = 'arn:child';
const entered = (executionArn: string, ...states: string[]): RunnerEvent[] =>
  states.map((state) => ({ type: 'StateEntered', executionArn, state }));
const task = (state: string, resource: string, request: unknown, ok = true, durationMs = 3): RunnerEvent => ({
  type: 'TaskCall',
  executionArn: child,
  state,
  resource,
  ok,
  request,
  durationMs,
  ...(ok ? { response: {} } : { error: 'DynamoDB.ConditionalCheckFailedException' }),
});
const item = (orderId: string, padding = 0) => ({ order_id: { S: orderId }, note: { S: 'x'.repeat(padding) } });

/** A 3-order file: a stored order that alerts, a stored order, an invalid one; then a duplicate of the first. */
const run: RunnerEvent[] = [
  { type: 'ExecutionStarted', executionArn: parent, kind: 'STANDARD' },
  ...entered(parent, 'Describe', 'Process'),
  { type: 'ObjectRequest', executionArn: parent, operation: 'GetObject', bytes: 700 },
  { type: 'MapRunStarted', executionArn: parent, items: 4 },
  { type: 'ExecutionStarted', executionArn: child, parentArn: parent, kind: 'EXPRESS' },
  ...entered(child, 'ValidateBatch'),
  task('ValidateBatch', 'arn:aws:states:::lambda:invoke', { FunctionName: 'validator', Payload: { Items: [1, 2, 3, 4] } }, true, 30),
  ...entered(child, 'StoreVerdicts', 'IsValid', 'Store'),
  // 1,100 bytes: two write units.
  task('Store', 'arn:aws:states:::dynamodb:putItem', { Item: item('a', 1100 - 16) }),
  ...entered(child, 'Publish'),
  task('Publish', 'arn:aws:states:::sns:publish', { Subject: 'High Value Sale Alert', Message: 'We just sold a Desk for $450.00!' }),
  ...entered(child, 'Mark'),
  task('Mark', 'arn:aws:states:::dynamodb:updateItem', { Key: { order_id: { S: 'a' } }, ExpressionAttributeValues: { ':alerted_at': { S: '2026-12-01T08:00:00.000Z' } } }),
  ...entered(child, 'Done', 'IsValid', 'Store'),
  task('Store', 'arn:aws:states:::dynamodb:putItem', { Item: item('b') }),
  ...entered(child, 'Done', 'IsValid', 'Reject'),
  task('Reject', 'arn:aws:states:::sqs:sendMessage', { MessageBody: { type: 'order-rejected', order: { note: 'y'.repeat(70_000) } } }),
  ...entered(child, 'Done', 'IsValid', 'Store'),
  task('Store', 'arn:aws:states:::dynamodb:putItem', { Item: item('a', 1100 - 16) }, false),
  ...entered(child, 'Read'),
  task('Read', 'arn:aws:states:::dynamodb:getItem', { Key: { order_id: { S: 'a' } }, ConsistentRead: true }),
  ...entered(child, 'Done'),
  { type: 'ExecutionEnded', executionArn: child, parentArn: parent, kind: 'EXPRESS', status: 'SUCCEEDED', durationMs: 900 },
  { type: 'ObjectRequest', executionArn: parent, operation: 'PutObject', bytes: 400 },
  { type: 'ObjectRequest', executionArn: parent, operation: 'PutObject', bytes: 200 },
  { type: 'ExecutionEnded', executionArn: parent, kind: 'STANDARD', status: 'SUCCEEDED', durationMs: 1000 },
];

describe('meterRun: billed operations counted from the runner\'s events', () => {
  it('a file run by an Express execution of its own bills no Standard transition, one request and its duration', () => {
    const express = 'arn:express-entry';
    const meter = meterRun(
      [
        { type: 'ExecutionStarted', executionArn: express, kind: 'EXPRESS' },
        ...entered(express, 'ValidateBatch'),
        { ...task('ValidateBatch', 'arn:aws:states:::lambda:invoke', { FunctionName: 'validator', Payload: { Items: [1] } }, true, 120), executionArn: express },
        { type: 'ExecutionEnded', executionArn: express, kind: 'EXPRESS', status: 'SUCCEEDED', durationMs: 300 },
      ],
      { definition, tableHashKey: 'order_id', lambdaMemoryMb: { validator: 256 } },
    );
    expect(meter).toMatchObject({ files: 1, childExecutions: 1 });
    // 120 + 10 ms: two 100 ms steps.
    expect(meter.production).toMatchObject({ standardTransitions: 0, expressRequests: 1, expressGbSeconds: expect.closeTo(0.2 * 0.0625, 12), xrayTraces: 1 });
  });

  it("a small file's Express entry bills its GetObject and counts the orders its validator batched", () => {
    const express = 'arn:express-entry';
    const batched = { Payload: { batches: [{ Items: [{ index: 0 }, { index: 1 }] }, { Items: [{ index: 2 }] }], rejection: null, handOver: false } };
    const meter = meterRun(
      [
        { type: 'ExecutionStarted', executionArn: express, kind: 'EXPRESS' },
        { ...task('ReadOrderFile', 'arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'b', Key: 'k' }), executionArn: express },
        { type: 'TaskCall', executionArn: express, state: 'BatchOrderFile', resource: 'arn:aws:states:::lambda:invoke', ok: true, request: { FunctionName: 'validator', Payload: { OrderFileBody: '[]' } }, response: batched, durationMs: 5 },
        { type: 'ExecutionEnded', executionArn: express, kind: 'EXPRESS', status: 'SUCCEEDED', durationMs: 100 },
      ],
      { definition, tableHashKey: 'order_id', lambdaMemoryMb: { validator: 256 } },
    );
    expect(meter).toMatchObject({ files: 1, orders: 3, childExecutions: 1 });
    expect(meter.production).toMatchObject({ standardTransitions: 0, expressRequests: 1, s3Gets: 1, lambdaRequests: 1 });
    // The seeds' shape: its own two parent states and the 3 orders' Lambda Tasks, no call for the read.
    expect(meter.seedsDesign).toMatchObject({ standardTransitions: 2 + 3, lambdaRequests: 0, s3Gets: 1 });
    // GetObject 20 ms + the Lambda's 5 + 10 ms: one 100 ms step.
    expect(meter.childDurationsMs).toEqual([35]);
  });


  const meter = meterRun(run, { definition, tableHashKey: 'order_id', lambdaMemoryMb: { validator: 256 } });

  it('prices PrepareOrderFile at its own memory with the S3 requests it makes itself, in the production shape only', () => {
    const prepare = (answerKey: string): RunnerEvent => ({
      type: 'TaskCall',
      executionArn: parent,
      state: 'PrepareOrderFile',
      resource: 'arn:aws:states:::lambda:invoke',
      ok: true,
      request: { FunctionName: 'preparer', Payload: { bucket: 'b', key: 'incoming/a.json', versionId: 'v' } },
      response: { Payload: { key: answerKey, versionId: 'v2', orders: 3, oversizedOrders: answerKey === 'incoming/a.json' ? 0 : 1 } },
      durationMs: 250,
    });
    const settings = { definition, tableHashKey: 'order_id', lambdaMemoryMb: { validator: 256, preparer: 512 } };
    const withPrepare = (answerKey: string) => meterRun([...run.slice(0, 3), prepare(answerKey), ...run.slice(3)], settings);
    const copied = withPrepare('prepared/incoming/a.json/v.json');
    expect(copied.production).toEqual({
      ...meter.production,
      lambdaRequests: 2,
      lambdaGbSeconds: expect.closeTo(0.03 * 0.25 + 0.25 * 0.5, 12),
      logBytes: 2 * 1024,
      s3Gets: 1 + 2,
      s3Puts: 2 + 1,
    });
    expect(copied.seedsDesign).toEqual(meter.seedsDesign);
    expect(withPrepare('incoming/a.json').production).toMatchObject({ s3Gets: 1 + 1, s3Puts: 2 });
    expect(() => meterRun([prepare('incoming/a.json')], { ...settings, lambdaMemoryMb: { validator: 256 } })).toThrow(/no memory size is given for the function preparer/);
  });

  it("bills the zone writer's invocation, its consistent reads of duplicates and its PUTs, in production and as the zone's share", () => {
    const sale = { created_at: '2026-12-01T08:00:00Z', product: 'Desk', quantity: 1, price: 450, status: 'pending' };
    const writeZone: RunnerEvent = {
      type: 'TaskCall',
      executionArn: child,
      state: 'WriteZone',
      resource: 'arn:aws:states:::lambda:invoke',
      ok: true,
      request: {
        FunctionName: 'zone-writer',
        Payload: {
          source: { bucket: 'b', key: 'incoming/a.json', versionId: 'v' },
          ingestedAt: '2026-12-01T08:00:01.000Z',
          verdicts: [
            { index: 0, valid: true, orderId: 'a', highValue: true, rejectionId: 'r0', sale },
            { index: 1, valid: true, orderId: 'b', highValue: false, rejectionId: 'r1', sale },
            { index: 2, valid: false, rejectionId: 'r2', reasons: [{ path: 'price', message: 'must be a number' }] },
            { index: 3, valid: true, orderId: 'a', highValue: true, rejectionId: 'r3', sale },
          ],
          outcomes: [
            { index: 0, outcome: 'stored', alerted: true },
            { index: 1, outcome: 'stored', alerted: false },
            { index: 2, outcome: 'rejected', alerted: false },
            { index: 3, outcome: 'duplicate', alerted: false },
          ],
        },
      },
      response: { Payload: { objects: 2, orders: 2, rejections: 1 } },
      durationMs: 40,
    };
    const ended = run.findIndex((event) => event.type === 'ExecutionEnded');
    const withZone = meterRun([...run.slice(0, ended), writeZone, ...run.slice(ended)], {
      definition,
      tableHashKey: 'order_id',
      lambdaMemoryMb: { validator: 256, 'zone-writer': 512 },
    });
    // The duplicate's stored item 'a' (1,131 bytes): one strongly consistent read unit; two objects: two PUTs; no GET.
    const zone = { lambdaRequests: 1, lambdaGbSeconds: expect.closeTo(0.04 * 0.5, 12), logBytes: 1024, dynamodbReadUnits: 1, s3Puts: 2 };
    expect(withZone.zone).toEqual({ ...noUsage, ...zone, expressGbSeconds: expect.closeTo(0.05 * 0.0625, 12) });
    expect(withZone.production).toEqual({
      ...meter.production,
      lambdaRequests: meter.production.lambdaRequests + 1,
      lambdaGbSeconds: expect.closeTo(meter.production.lambdaGbSeconds + 0.04 * 0.5, 12),
      logBytes: meter.production.logBytes + 1024,
      dynamodbReadUnits: meter.production.dynamodbReadUnits + 1,
      s3Puts: meter.production.s3Puts + 2,
      expressGbSeconds: expect.any(Number),
    });
    expect(withZone.seedsDesign).toEqual(meter.seedsDesign);
    expect(meter.zone).toEqual(noUsage);
  });

  it("bills a function's own run time, not its wait for the one local environment", () => {
    const waited = (functionDurationMs?: number): RunnerEvent => ({
      type: 'TaskCall',
      executionArn: parent,
      state: 'PrepareOrderFile',
      resource: 'arn:aws:states:::lambda:invoke',
      ok: true,
      request: { FunctionName: 'preparer', Payload: { bucket: 'b', key: 'incoming/a.json', versionId: 'v' } },
      response: { Payload: { key: 'incoming/a.json', versionId: 'v', orders: 3, oversizedOrders: 0 } },
      durationMs: 900,
      ...(functionDurationMs === undefined ? {} : { functionDurationMs }),
    });
    const settings = { definition, tableHashKey: 'order_id', lambdaMemoryMb: { validator: 256, preparer: 512 } };
    const gbSeconds = (event: RunnerEvent) => meterRun([...run.slice(0, 3), event, ...run.slice(3)], settings).production.lambdaGbSeconds - meter.production.lambdaGbSeconds;
    expect(gbSeconds(waited(100))).toBeCloseTo(0.1 * 0.5, 12);
    expect(gbSeconds(waited())).toBeCloseTo(0.9 * 0.5, 12);
  });

  it('counts the production shape: parent transitions + one per child, Express, Lambda, DynamoDB units by item size, SQS/SNS by 64 KB, S3', () => {
    expect(meter).toMatchObject({ files: 1, orders: 4, childExecutions: 1 });
    expect(meter.production).toEqual({
      standardTransitions: 2 + 1,
      expressRequests: 1,
      // 30 + 10 ms of Lambda, then (8 + 20 + 8 + 8 + 12 + 8 + 5) ms of inline work over min(10, 4) at once ≈ 57 ms:
      // one 100 ms step at 64 MB.
      expressGbSeconds: expect.closeTo(0.1 * 0.0625, 12),
      lambdaRequests: 1,
      lambdaGbSeconds: expect.closeTo(0.03 * 0.25, 12),
      // The 1,097-byte put: 2; the alert mark makes it 1,131 bytes: 2; the 13-byte put: 1; the duplicate's failed
      // conditional put, billed by the larger of the two items: 2.
      dynamodbWriteUnits: 2 + 2 + 1 + 2,
      dynamodbReadUnits: 1,
      // A 70 KB rejection: two 64 KB chunks.
      sqsRequests: 2,
      snsPublishes: 1,
      alertPublishes: 1,
      s3Puts: 2,
      s3Gets: 1,
      logBytes: 1024,
      xrayTraces: 1,
    });
    expect(meter.childDurationsMs[0]).toBeCloseTo(40 + 69 / 4, 9);
  });

  it('prices the seeds\' shape from the same counts: every iteration state and a Lambda per order as Standard transitions, no Express, no ResultWriter', () => {
    expect(meter.seedsDesign).toEqual({
      ...meter.production,
      // 2 parent states, 15 inline-iteration states, 4 per-order Lambda Tasks.
      standardTransitions: 2 + 15 + 4,
      expressRequests: 0,
      expressGbSeconds: 0,
      lambdaRequests: 4,
      // 30 ms over 4 orders: 7.5 ms each, billed 8 ms.
      lambdaGbSeconds: expect.closeTo(4 * 0.008 * 0.25, 12),
      s3Puts: 0,
      logBytes: 4 * 1024,
    });
  });
});
