import type { ExecutionRecord, SoakFile } from '@sales-pipeline/local-pipeline-engine';
import { accountingFromFiles } from './soak-observations';

const file = (key: string, orders: number): SoakFile => ({ key, orders: Array.from({ length: orders }, () => ({}) as SoakFile['orders'][number]) });
const record = (key: string, ends: { stored?: number; failed?: number }, handedOver = false) =>
  ({
    key,
    handedOver,
    tally: { stored: ends.stored ?? 0, rejected: 0, duplicate: 0, failed: ends.failed ?? 0, unreadable: 0, alerted: 0 },
  }) as unknown as ExecutionRecord;

describe('the soak accounting from the files put', () => {
  it('expects every order of a file once per execution of it (a redrive reads them again), none of a hand-over', () => {
    const files = [file('a', 3), file('b', 2)];
    const executions = [record('a', { failed: 3 }), record('a', { stored: 3 }), record('b', {}, true), record('b', { stored: 2 })];
    expect(accountingFromFiles(files, executions)).toEqual({ ordersInFiles: 8, ordersEnded: 8, filesWithoutExecution: 0, executionsOfOtherFiles: 0 });
  });

  it('finds an execution that failed before reading its file (no end counted), and a file no execution processed', () => {
    const files = [file('a', 27), file('b', 2)];
    expect(accountingFromFiles(files, [record('a', {})])).toEqual({ ordersInFiles: 27, ordersEnded: 0, filesWithoutExecution: 1, executionsOfOtherFiles: 0 });
  });
});
