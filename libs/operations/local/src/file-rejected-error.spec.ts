import type { Definition } from '@sales-pipeline/local-step-functions';
import { fileRejectedError } from './file-rejected-error';

const definition = (states: Record<string, Record<string, unknown>>): Definition => ({ StartAt: 'ProcessOrderFile', States: states }) as unknown as Definition;

describe('fileRejectedError', () => {
  it('follows the Catch of States.ItemReaderFailed to the first Fail state', () => {
    expect(
      fileRejectedError(
        definition({
          ProcessOrderFile: { Type: 'Map', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'OrderFileFailed' }, { ErrorEquals: ['States.ItemReaderFailed'], Next: 'RejectFile' }] },
          RejectFile: { Type: 'Task', Next: 'OrderFileRejected' },
          OrderFileRejected: { Type: 'Fail', Error: 'OrderFileRejected' },
          OrderFileFailed: { Type: 'Fail', Error: 'OrderFileFailed' },
        }),
      ),
    ).toBe('OrderFileRejected');
  });

  it('finds none without such a Catch, or when the path loops', () => {
    expect(fileRejectedError(definition({ ProcessOrderFile: { Type: 'Map', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] }, Failed: { Type: 'Fail', Error: 'X' } }))).toBeUndefined();
    expect(
      fileRejectedError(
        definition({
          ProcessOrderFile: { Type: 'Map', Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], Next: 'A' }] },
          A: { Type: 'Pass', Next: 'B' },
          B: { Type: 'Pass', Next: 'A' },
        }),
      ),
    ).toBeUndefined();
  });
});
