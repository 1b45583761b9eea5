import { fork } from 'node:child_process';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';

/** The one message the compaction process sends its parent before it exits. */
export const CompactionReport = t.union([
  t.type({ _tag: t.literal('Compacted'), line: t.string }),
  t.type({ _tag: t.literal('CompactionFailed'), message: t.string }),
]);
export type CompactionReport = t.TypeOf<typeof CompactionReport>;

/** What the parent sends to ask for a stop between days. */
export const StopCompaction = 'stop';

/** The child's entry, bundled next to this app's main.js (see the build's additionalEntryPoints). */
const childEntry = join(__dirname, 'compact-zone.js');

/**
 * Compacts the zone in a process of its own, so that DuckDB's memory never adds to the runner's: `npm start` has
 * just held a whole run's heaps, and a million orders' zone compacts with a 270 MB peak of its own. `stop` settling
 * asks the child to stop after the day in hand.
 */
export const compactInChildProcess = (zoneDir: string, stop: Promise<unknown>): Promise<CompactionReport> =>
  new Promise((settle) => {
    let report: CompactionReport | undefined;
    // Detached: a Ctrl-C that reached it while it loads would end it before it could handle the signal.
    const child = fork(childEntry, [zoneDir], { detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    void stop.then(() => {
      if (child.connected) child.send(StopCompaction);
    });
    child.on('message', (message) => {
      const decoded = CompactionReport.decode(message);
      if (E.isRight(decoded)) report = decoded.right;
    });
    child.on('error', (error) => settle({ _tag: 'CompactionFailed', message: `the compaction process could not start: ${error.message}` }));
    child.on('exit', (code, signal) =>
      settle(report ?? { _tag: 'CompactionFailed', message: `the compaction process ended (${signal ?? `exit code ${String(code)}`}) without a report` }),
    );
  });
