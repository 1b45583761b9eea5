import { fileRejectedError } from './local-pipeline';

describe('fileRejectedError', () => {
  it("follows the distributed Map's Catch of States.ItemReaderFailed to the Fail state's error", () => {
    expect(
      fileRejectedError({
        StartAt: 'Read',
        States: {
          Read: { Type: 'Map', Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], Next: 'Tell' }, { ErrorEquals: ['States.ALL'], Next: 'Broken' }], End: true },
          Tell: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Next: 'Rejected' },
          Rejected: { Type: 'Fail', Error: 'FileRejected' },
          Broken: { Type: 'Fail', Error: 'FileFailed' },
        },
      }),
    ).toBe('FileRejected');
  });

  it('is undefined when no state catches States.ItemReaderFailed', () => {
    expect(fileRejectedError({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).toBeUndefined();
  });
});
