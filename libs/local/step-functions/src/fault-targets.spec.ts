import { faultTargetsOf, unknownFaultTarget } from './fault-targets';
import type { Definition } from './asl';

const definition = {
  StartAt: 'ReadOrderFile',
  States: {
    ReadOrderFile: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', Next: 'ProcessBatches' },
    ProcessBatches: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'StoreOrder', States: { StoreOrder: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } } },
      Next: 'Publish',
    },
    Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true },
  },
} as unknown as Definition;

describe('fault targets', () => {
  it('are the Task actions (aws-sdk ones by their service action) and every state name, nested ones included', () => {
    expect(faultTargetsOf([definition])).toEqual({ actions: ['dynamodb:putItem', 's3:getObject', 'sns:publish'], states: ['ProcessBatches', 'Publish', 'ReadOrderFile', 'StoreOrder'] });
  });

  it('name the first rule aimed at nothing, with the closest valid target (a wrong case, a typo)', () => {
    const targets = faultTargetsOf([definition]);
    expect(unknownFaultTarget([{ resource: 'dynamodb:putItem', fault: { kind: 'throttle' } }, { state: 'StoreOrder', fault: { kind: 'throttle' } }], targets)).toBeUndefined();
    expect(unknownFaultTarget([{ resource: 'dynamodb:putitem', fault: { kind: 'throttle' } }], targets)).toEqual({ target: 'dynamodb:putitem', closest: 'dynamodb:putItem' });
    expect(unknownFaultTarget([{ state: 'StoreOrdr', fault: { kind: 'throttle' } }], targets)).toEqual({ target: 'StoreOrdr', closest: 'StoreOrder' });
    expect(unknownFaultTarget([{ resource: 'arn:aws:states:::aws-sdk:s3:getObject', fault: { kind: 'throttle' } }], targets)).toBeUndefined();
  });
});
