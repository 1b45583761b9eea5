import type { Definition, RunnerEvent } from '@sales-pipeline/local-step-functions';
import { logAlertPublishes, taskTimeoutSeconds } from './alert-publishes';

const stream = () => {
  const listeners: ((event: RunnerEvent) => void)[] = [];
  return {
    onRunnerEvent: (listener: (event: RunnerEvent) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
    emit: (event: RunnerEvent) => listeners.forEach((listener) => listener(event)),
  };
};
const executionArn = 'arn:aws:states:us-east-1:000000000000:express:child:1';
const published = (message: string): RunnerEvent => ({ type: 'AlertPublished', executionArn, topicArn: 'topic', message });
const call = (message: string, ok: boolean, durationMs: number): RunnerEvent => ({
  type: 'TaskCall',
  executionArn,
  state: 'PublishHighValueAlert',
  resource: 'arn:aws:states:::sns:publish',
  ok,
  request: { Message: message },
  durationMs,
});

describe('logAlertPublishes', () => {
  it('counts a publish SNS took whose answer came after the timeout, or was lost, as an unknown outcome', () => {
    const events = stream();
    const log = logAlertPublishes(events.onRunnerEvent, { publishState: 'PublishHighValueAlert', timeoutMs: 20_000 });
    [published('a'), call('a', true, 25_000), published('a'), call('a', true, 10)].forEach(events.emit);
    [published('b'), call('b', false, 10), published('b'), call('b', true, 10)].forEach(events.emit);
    [call('c', false, 5), published('c'), call('c', true, 5)].forEach(events.emit);
    expect(Object.fromEntries(log.byMessage())).toEqual({
      a: { attempted: 2, delivered: 2, outcomeUnknown: 1 },
      b: { attempted: 2, delivered: 2, outcomeUnknown: 1 },
      c: { attempted: 2, delivered: 1, outcomeUnknown: 0 },
    });
    expect(log.totals()).toEqual({ attempted: 6, delivered: 5, outcomeUnknown: 2 });
  });

  it("finds a Task's TimeoutSeconds inside a Map's item processor", () => {
    const definition: Definition = {
      StartAt: 'Map',
      States: { Map: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'PublishHighValueAlert', States: { PublishHighValueAlert: { Type: 'Task', TimeoutSeconds: 4, End: true } } } } },
    };
    expect(taskTimeoutSeconds(definition, 'PublishHighValueAlert')).toBe(4);
    expect(taskTimeoutSeconds(definition, 'Missing')).toBeUndefined();
  });
});
