import { fileRejectionState } from './local-pipeline';

describe('fileRejectionState', () => {
  it('finds the top-level Task whose message is a file-rejected one', () => {
    expect(
      fileRejectionState({
        StartAt: 'Read',
        States: {
          Read: { Type: 'Map', Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], Next: 'Tell' }, { ErrorEquals: ['States.ALL'], Next: 'Broken' }], End: true },
          Tell: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { MessageBody: { type: 'file-rejected' } }, Next: 'Rejected' },
          Rejected: { Type: 'Succeed' },
          Broken: { Type: 'Fail', Error: 'FileFailed' },
        },
      }),
    ).toBe('Tell');
  });

  it('is undefined when no state sends a file-rejected message', () => {
    expect(fileRejectionState({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).toBeUndefined();
  });
});
