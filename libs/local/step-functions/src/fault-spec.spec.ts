import * as E from 'fp-ts/Either';
import { createFaultInjector, faultError } from './faults';
import { describeFaultSpecError, faultRules, parseFaultSpec, seededDraw } from './fault-spec';

const parsed = (spec: string) => {
  const result = parseFaultSpec(spec);
  if (E.isLeft(result)) throw new Error(describeFaultSpecError(result.left));
  return result.right;
};
const problem = (spec: string) => {
  const result = parseFaultSpec(spec);
  return E.isLeft(result) ? describeFaultSpecError(result.left) : 'parsed';
};

describe('parseFaultSpec', () => {
  it('reads targets, faults, shares and phases', () => {
    expect(parsed('dynamodb:putItem=throttle@10%, sns:publish=error@0.05/after,lambda:invoke=crash,StoreOrder=error:DynamoDB.ValidationException')).toEqual([
      { resource: 'dynamodb:putItem', fault: { kind: 'throttle' }, share: 0.1, phase: 'before' },
      { resource: 'sns:publish', fault: { kind: 'serviceError', error: 'SNS.InternalErrorException' }, share: 0.05, phase: 'after' },
      { resource: 'lambda:invoke', fault: { kind: 'crash' }, share: 1, phase: 'before' },
      { state: 'StoreOrder', fault: { kind: 'serviceError', error: 'DynamoDB.ValidationException' }, share: 1, phase: 'before' },
    ]);
  });

  it.each([
    ['', 'no rule given'],
    ['dynamodb:putItem', 'expected TARGET=FAULT'],
    ['dynamodb:putItem=melt', 'unknown fault "melt"'],
    ['dynamodb:putItem=throttle@150%', 'the share "150%" is not between'],
    ['dynamodb:putItem=throttle@0', 'the share "0" is not between'],
    ['sqs:sendMessage=crash', '"crash" applies to lambda:invoke only'],
    ['StoreOrder=error', 'name the error'],
  ])('refuses %j, naming the problem', (spec, message) => {
    expect(problem(spec)).toContain(message);
  });
});

describe('faultRules', () => {
  const call = { state: 'StoreOrder', resource: 'arn:aws:states:::dynamodb:putItem', parameters: {} };

  it('fails about the given share of matching calls, the same calls for the same seed', () => {
    const failures = (seed: number) => {
      const injector = createFaultInjector(faultRules(parsed('dynamodb:putItem=throttle@20%'), seed));
      return Array.from({ length: 5_000 }, () => injector.take(call, 'before') !== undefined);
    };
    const first = failures(7);
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    expect(failures(7)).toEqual(first);
    expect(failures(8)).not.toEqual(first);
  });

  it('leaves other resources and the other phase alone', () => {
    const injector = createFaultInjector(faultRules(parsed('dynamodb:putItem=throttle/after'), 1));
    expect(injector.take(call, 'before')).toBeUndefined();
    expect(injector.take({ ...call, resource: 'arn:aws:states:::sqs:sendMessage' }, 'after')).toBeUndefined();
    expect(injector.take(call, 'after')).toEqual({ kind: 'throttle' });
  });

  it.each([
    ['arn:aws:states:::aws-sdk:s3:getObject', 'arn:aws:states:::aws-sdk:s3:getObject'],
    ['s3:getObject', 'arn:aws:states:::aws-sdk:s3:getObject'],
    ['arn:aws:states:::lambda:invoke', 'arn:aws:states:::lambda:invoke'],
    ['lambda:invoke', 'arn:aws:states:::lambda:invoke'],
  ])('a rule for %s, in full or as its action, aims at the Task of %s and no other', (wanted, resource) => {
    const injector = createFaultInjector([{ resource: wanted, fault: { kind: 'throttle' } }]);
    expect(injector.take({ state: 'Task', resource: 'arn:aws:states:::sqs:sendMessage', parameters: {} }, 'before')).toBeUndefined();
    expect(injector.take({ state: 'Task', resource, parameters: {} }, 'before')).toEqual({ kind: 'throttle' });
  });

  it.each([
    ['dynamodb:putItem', 'arn:aws:states:::dynamodb:putItem', 'DynamoDB.ProvisionedThroughputExceededException', 'DynamoDB.InternalServerErrorException'],
    ['lambda:invoke', 'arn:aws:states:::lambda:invoke', 'Lambda.TooManyRequestsException', 'Lambda.ServiceException'],
    ['s3:getObject', 'arn:aws:states:::aws-sdk:s3:getObject', 'S3.SlowDownException', 'S3.InternalErrorException'],
    ['states:startExecution', 'arn:aws:states:::states:startExecution', 'StepFunctions.AWSStepFunctionsException', 'StepFunctions.AWSStepFunctionsException'],
  ])('raises the service\'s own throttling and internal errors on %s', (target, resource, throttled, internal) => {
    const errorOf = (fault: string) => {
      const taken = createFaultInjector(faultRules(parsed(`${target}=${fault}`), 1)).take({ state: 'Task', resource, parameters: {} }, 'before');
      return taken === undefined ? 'no fault' : faultError(taken, { state: 'Task', resource, parameters: {} }).name;
    };
    expect([errorOf('throttle'), errorOf('error')]).toEqual([throttled, internal]);
  });

  it('draws uniformly in [0, 1)', () => {
    const draws = Array.from({ length: 10_000 }, (_, n) => seededDraw(3, n));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.filter((d) => d < 0.5).length / draws.length).toBeCloseTo(0.5, 1);
  });
});
