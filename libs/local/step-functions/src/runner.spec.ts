import { createStateMachineRunner, LocalRunnerConfigError, type Definition, type RunnerEvent } from './index';
import { createBucket, createQueue, createTable, createTopic, fakeFunction, fixture, putText, receiveBodies, startCloud, type Cloud } from '../test/harness';

jest.setTimeout(60_000);

let cloud: Cloud;
let queueUrl: string;
let topicArn: string;

beforeAll(async () => {
  cloud = await startCloud();
  await createTable(cloud, 'orders');
  queueUrl = await createQueue(cloud, 'rejected');
  topicArn = await createTopic(cloud, 'alerts');
});
afterAll(() => cloud.stop());

const echo = fakeFunction((event) => ({ received: event }));
const tasks = fixture('tasks.asl.json');
const runnerFor = (definition: Definition = tasks, extra: Partial<Parameters<typeof createStateMachineRunner>[0]> = {}) =>
  createStateMachineRunner({ definition, clients: cloud.configs, functions: { echo }, ...extra });

const input = (orderId: string) => ({ orderId, product: 'Laptop', price: 456.65, queueUrl, topicArn });

describe('Task dispatch by Resource, with real SDK calls against the emulators', () => {
  it("runs the AWS SDK integration's s3:getObject (Body as a string; S3.<Name>Exception errors) and states:startExecution of another machine, as an Express machine", async () => {
    await createBucket(cloud, 'files');
    await putText(cloud, 'files', 'small.json', '[{"order_id":"s-1"}]');
    const started: unknown[] = [];
    const definition: Definition = {
      StartAt: 'Read',
      States: {
        Read: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
          Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' },
          ResultSelector: { 'body.$': '$.Body' },
          ResultPath: '$.file',
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Missing' }],
          Next: 'HandOver',
        },
        HandOver: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution',
          Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:other', 'Input.$': '$.file' },
          ResultSelector: { 'arn.$': '$.ExecutionArn' },
          End: true,
        },
        Missing: { Type: 'Pass', End: true },
      },
    };
    const runner = runnerFor(definition, {
      type: 'EXPRESS',
      stateMachineName: 'small',
      startExecution: async (stateMachineArn, executionInput) => {
        started.push([stateMachineArn, executionInput]);
        return { executionArn: `${stateMachineArn}:x`, startDate: new Date() };
      },
    });
    const found = await runner.startExecution({ bucket: 'files', key: 'small.json' }, { name: 'e1' });
    const missing = await runner.startExecution({ bucket: 'files', key: 'no-such.json' });
    runner.close();
    expect(found).toMatchObject({ status: 'SUCCEEDED', executionArn: 'arn:aws:states:us-east-1:000000000000:express:small:e1', output: { arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:other:x' } });
    expect(started).toEqual([['arn:aws:states:us-east-1:000000000000:stateMachine:other', { body: '[{"order_id":"s-1"}]' }]]);
    expect(missing).toMatchObject({ status: 'SUCCEEDED', output: { error: { Error: 'S3.NoSuchKeyException' } } });
    expect(found.counters).toMatchObject({ executionsStarted: 1, childExecutionsStarted: 0 });
  });

  it('runs lambda:invoke, dynamodb putItem/getItem/updateItem, sqs:sendMessage and sns:publish, shaped as Step Functions shapes them', async () => {
    const runner = runnerFor();
    const alerts: RunnerEvent[] = [];
    runner.onEvent((event) => event.type === 'AlertPublished' && alerts.push(event));
    const result = await runner.startExecution(input('o-1'), { name: 'first' });
    runner.close();

    expect(result).toMatchObject({ status: 'SUCCEEDED', executionArn: 'arn:aws:states:us-east-1:000000000000:execution:state-machine:first' });
    const output = result.output as Record<string, Record<string, unknown>>;
    expect(output['invoked']).toEqual({ echoed: { received: input('o-1') }, status: 200 });
    expect(output['putError']).toBeUndefined();
    expect(output['stored']).toEqual({ hash: 'hash-o-1' });
    expect(output['marked']?.['alertedAt']).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(output['sent']?.['messageId']).toEqual(expect.any(String));
    expect(output['published']?.['messageId']).toEqual(expect.any(String));
    expect(await receiveBodies(cloud, queueUrl)).toEqual([{ type: 'order-rejected', orderId: 'o-1' }]);
    expect(alerts).toEqual([expect.objectContaining({ topicArn, subject: 'High Value Sale Alert', message: 'We just sold a Laptop for $456.65!' })]);
    expect(result.counters).toMatchObject({
      executionsStarted: 1,
      executionsSucceeded: 1,
      stateTransitions: 7,
      taskCalls: 6,
      taskCallsByResource: { 'arn:aws:states:::dynamodb:putItem': 1, 'arn:aws:states:::lambda:invoke': 1 },
    });
  });

  it('reports each Task call with its request, its response and its duration, failed calls with the request and the error', async () => {
    const runner = runnerFor();
    const calls: RunnerEvent[] = [];
    runner.onEvent((event) => event.type === 'TaskCall' && calls.push(event));
    await runner.startExecution(input('o-2'));
    await runner.startExecution(input('o-2'));
    runner.close();

    const puts = calls.filter((call) => call.type === 'TaskCall' && call.resource === 'arn:aws:states:::dynamodb:putItem');
    expect(puts).toEqual([
      expect.objectContaining({ ok: true, request: expect.objectContaining({ Item: expect.objectContaining({ order_id: { S: 'o-2' } }) }), durationMs: expect.any(Number) }),
      expect.objectContaining({ ok: false, error: 'DynamoDB.ConditionalCheckFailedException', request: expect.objectContaining({ TableName: 'orders' }) }),
    ]);
    expect(puts[1]).not.toHaveProperty('response');
    const invoke = calls.find((call) => call.type === 'TaskCall' && call.resource === 'arn:aws:states:::lambda:invoke');
    expect(invoke).toMatchObject({ ok: true, response: { StatusCode: 200, Payload: { received: input('o-2') } } });
    await receiveBodies(cloud, queueUrl);
  });

  it('raises the services\' real error names: a second put of the same key is DynamoDB.ConditionalCheckFailedException, caught by name', async () => {
    const runner = runnerFor();
    const result = await runner.startExecution(input('o-1'));
    runner.close();
    const output = result.output as Record<string, { Error: string; Cause: string } | undefined>;
    expect(result.status).toBe('SUCCEEDED');
    expect(output['putError']?.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(output['putError']?.Cause).toMatch(/Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException/);
    expect(result.counters.caughtByState).toEqual({ Put: 1, Mark: 1 });
    expect(await receiveBodies(cloud, queueUrl)).toHaveLength(1);
  });

  it('reports a DynamoDB error without an exception class of its own (ValidationException) as DynamoDB.AmazonDynamoDBException, its code in the Cause, as Step Functions does', async () => {
    const runner = runnerFor();
    const result = await runner.startExecution({ ...input(''), orderId: '' });
    runner.close();
    expect(result.status).toBe('FAILED');
    expect(result).toMatchObject({ error: 'OrderFailed' });
    expect(result.counters.taskErrorsByName).toEqual({ 'DynamoDB.AmazonDynamoDBException': 1 });
  });

  it('reports an unhandled function error as the function\'s errorType with the Lambda Cause JSON', async () => {
    const failing = fakeFunction(() => {
      throw new TypeError('bad input');
    });
    const runner = createStateMachineRunner({ definition: tasks, clients: cloud.configs, functions: { 'arn:aws:lambda:us-east-1:000000000000:function:echo': failing } });
    const result = await runner.startExecution(input('o-2'));
    runner.close();
    expect(result.status).toBe('FAILED');
    expect(result.counters.taskErrorsByName).toEqual({ TypeError: 1 });
    expect(result.counters.retries).toBe(0);
    expect(result.counters.caughtByState).toEqual({ Invoke: 1 });
  });
});

describe('Task timeouts', () => {
  const slow = fakeFunction(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { done: true };
  });
  const timed: Definition = {
    StartAt: 'Invoke',
    States: { Invoke: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'slow' }, TimeoutSeconds: 1, End: true } },
  };

  it('stretches TimeoutSeconds by taskTimeoutScale (default 10): a 1.5 s call under a 1 s timeout completes', async () => {
    const runner = createStateMachineRunner({ definition: timed, clients: cloud.configs, functions: { slow } });
    const result = await runner.startExecution({});
    runner.close();
    expect(result.status).toBe('SUCCEEDED');
  });

  it('times the call out as States.Timeout at the template\'s own value with taskTimeoutScale 1', async () => {
    const runner = createStateMachineRunner({ definition: timed, clients: cloud.configs, functions: { slow }, taskTimeoutScale: 1 });
    const result = await runner.startExecution({});
    runner.close();
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
  });
});

describe('faults on demand drive Retry and Catch', () => {
  it('throttles a Task a given number of times: retried with backoff, then succeeds', async () => {
    const runner = runnerFor(tasks, { faults: [{ state: 'Alert', fault: { kind: 'throttle' }, times: 2 }] });
    const injected: RunnerEvent[] = [];
    runner.onEvent((event) => event.type === 'FaultInjected' && injected.push(event));
    const result = await runner.startExecution(input('o-3'));
    runner.close();
    expect(result.status).toBe('SUCCEEDED');
    expect(injected).toEqual([expect.objectContaining({ error: 'SNS.ThrottledException' }), expect.objectContaining({ error: 'SNS.ThrottledException' })]);
    expect(result.counters).toMatchObject({ retries: 2, retriesByState: { Alert: 2 }, faultsInjected: 2, taskCallsByState: { Alert: 3 } });
    await receiveBodies(cloud, queueUrl);
  });

  it('a fault that outlasts MaxAttempts reaches the Catch; a crash is Lambda.Unknown; Lambda throttles are retried by name', async () => {
    const runner = runnerFor(tasks, { faults: [{ resource: 'dynamodb:putItem', fault: { kind: 'throttle' } }] });
    const exhausted = await runner.startExecution(input('o-4'));
    expect(exhausted).toMatchObject({ status: 'FAILED', error: 'OrderFailed' });
    expect(exhausted.counters).toMatchObject({ retries: 2, taskErrorsByName: { 'DynamoDB.ProvisionedThroughputExceededException': 3 }, caughtByState: { Put: 1 } });

    runner.clearFaults();
    runner.injectFault({ state: 'Invoke', fault: { kind: 'crash' } });
    const crashed = await runner.startExecution(input('o-5'));
    expect(crashed.counters.taskErrorsByName).toEqual({ 'Lambda.Unknown': 1 });
    expect(crashed.counters.retries).toBe(0);

    runner.clearFaults();
    runner.injectFault({ state: 'Invoke', fault: { kind: 'throttle' }, times: 1 });
    runner.injectFault({ state: 'Invoke', fault: { kind: 'serviceError', error: 'Lambda.ServiceException' }, times: 1 });
    const recovered = await runner.startExecution(input('o-6'));
    expect(recovered).toMatchObject({ status: 'SUCCEEDED' });
    expect(recovered.counters.retriesByState).toEqual({ Invoke: 2 });
    runner.close();
    await receiveBodies(cloud, queueUrl);
  });

  it('an "after" fault loses the answer of a call that did its work: the retry meets the condition', async () => {
    const runner = runnerFor(tasks, { faults: [{ state: 'Put', phase: 'after', fault: { kind: 'serviceError', error: 'DynamoDB.ProvisionedThroughputExceededException' }, times: 1 }] });
    const result = await runner.startExecution(input('o-7'));
    runner.close();
    expect(result.status).toBe('SUCCEEDED');
    expect((result.output as Record<string, { Error: string }>)['putError']?.Error).toBe('DynamoDB.ConditionalCheckFailedException');
    await receiveBodies(cloud, queueUrl);
  });
});

describe('counters and coverage', () => {
  it('totals across executions and lists the states never entered', async () => {
    const runner = runnerFor();
    const lines: string[] = [];
    runner.onEvent((event) => lines.push(event.type));
    await runner.startExecution(input('o-8'));
    await runner.startExecution(input('o-8'));
    runner.close();
    expect(runner.counters()).toMatchObject({ executionsStarted: 2, executionsSucceeded: 2, executionsFailed: 0, taskCalls: 12 });
    expect(runner.coverage()).toMatchObject({ notEntered: ['Failed'], caught: { Put: 1, Mark: 1 } });
    expect(lines[0]).toBe('ExecutionStarted');
    expect(lines.at(-1)).toBe('ExecutionEnded');
    await receiveBodies(cloud, queueUrl);
  });
  it('counts the Fail state that ended an inline Map iteration, which fails the execution', async () => {
    const definition: Definition = {
      StartAt: 'EachOrder',
      States: {
        EachOrder: {
          Type: 'Map',
          ItemsPath: '$.orders',
          ItemProcessor: {
            StartAt: 'Ask',
            States: {
              Ask: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
                ResultSelector: { 'ok.$': '$.Payload.received.ok' },
                Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 1 }],
                Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Report' }],
                Next: 'Check',
              },
              Report: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
                Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }],
                Next: 'Fine',
              },
              Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Fine' }], Default: 'Broken' },
              Fine: { Type: 'Succeed' },
              Broken: { Type: 'Fail', Error: 'OrderBroken', Cause: 'this order cannot go anywhere' },
            },
          },
          End: true,
        },
      },
    };
    const runner = runnerFor(definition, {
      faults: [{ state: 'Ask', fault: { kind: 'crash' }, when: (p) => JSON.stringify(p).includes('false') }, { state: 'Report', fault: { kind: 'crash' } }],
    });
    const entered: string[] = [];
    runner.onEvent((event) => event.type === 'StateEntered' && entered.push(event.state));
    const result = await runner.startExecution({ orders: [{ ok: false }] });
    runner.close();
    expect(result).toMatchObject({ status: 'FAILED', error: 'OrderBroken', cause: 'this order cannot go anywhere' });
    expect(result.counters.statesEntered['Broken']).toBe(1);
    expect(entered).toContain('Broken');
    expect(runner.coverage().entered['Broken']).toBe(1);
  });
});

describe('refused before running', () => {
  it('refuses a Task the runner cannot dispatch, JSONata, Assign and duplicate state names', () => {
    const unknown: Definition = { StartAt: 'X', States: { X: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } } };
    expect(() => runnerFor(unknown)).toThrow(LocalRunnerConfigError);
    expect(() => runnerFor(unknown)).toThrow(/Task \/X has Resource arn:aws:states:::ecs:runTask.sync/);
    const assign: Definition = { StartAt: 'P', States: { P: { Type: 'Pass', Assign: { a: 1 }, End: true } } };
    expect(() => runnerFor(assign)).toThrow(/unsupported: \/P: Assign/);
    const jsonata: Definition = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    expect(() => runnerFor(jsonata)).toThrow(/QueryLanguage JSONata/);
    const hashing: Definition = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { 'id.$': "States.Hash($.text, 'SHA-256')" }, End: true } },
    };
    expect(() => runnerFor(hashing)).toThrow(/States.Hash \(aws-local-stepfunctions 3.0.0 computes wrong digests/);
  });
});
