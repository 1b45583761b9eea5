import { formatProgress } from './progress';

describe('progress lines', () => {
  it('say how many orders a batch-failed dead letter holds', () => {
    const body = JSON.stringify({ type: 'batch-failed', source: { key: 'incoming/a.json' }, error: { Error: 'Lambda.Unknown' }, items: [{ index: 0 }, { index: 1 }, { index: 2 }] });
    expect(formatProgress({ _tag: 'DeadLettered', body })).toMatch(/^dead-letter queue: batch-failed \(3 orders\) .*incoming\/a\.json.*\(Lambda\.Unknown\)$/);
  });
});
