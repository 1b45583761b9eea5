import type { RunnerEvent } from '@sales-pipeline/local-step-functions';
import { formatFaultTally, tallyFaults } from './fault-tally';

describe('the fault tally', () => {
  it('counts injected faults by action, state and error, most first', () => {
    let emit: (event: RunnerEvent) => void = () => undefined;
    const tally = tallyFaults((listener) => {
      emit = listener;
      return () => undefined;
    });
    const fault = (resource: string, state: string, error: string): RunnerEvent => ({ type: 'FaultInjected', executionArn: 'e', state, resource, error });
    emit(fault('arn:aws:states:::dynamodb:putItem', 'StoreOrder', 'DynamoDB.ProvisionedThroughputExceededException'));
    emit(fault('arn:aws:states:::aws-sdk:s3:getObject', 'ReadOrderFile', 'S3.InternalErrorException'));
    emit(fault('arn:aws:states:::aws-sdk:s3:getObject', 'ReadOrderFile', 'S3.InternalErrorException'));
    emit({ type: 'AlertPublished', executionArn: 'e', topicArn: 't', message: 'm' });
    expect(tally.total()).toBe(3);
    expect(formatFaultTally(tally)).toEqual([
      '  faults injected       3',
      '         2  s3:getObject (ReadOrderFile): S3.InternalErrorException',
      '         1  dynamodb:putItem (StoreOrder): DynamoDB.ProvisionedThroughputExceededException',
    ]);
  });
});
