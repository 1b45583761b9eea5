import { compactZone, describeCompaction, describeStoppedCompaction } from '@sales-pipeline/analytics-engines';
import * as E from 'fp-ts/Either';
import { type CompactionReport, StopCompaction } from './compaction';

/**
 * The compaction process `npm start` forks after its run (compaction.ts): it compacts the zone given as its argument
 * and sends one CompactionReport. It runs in a process group of its own, so the terminal's Ctrl-C goes to the parent,
 * which asks for a stop over the channel; a parent gone, or a signal of its own, is a stop too.
 */
let stopRequested = false;
const requestStop = () => (stopRequested = true);
process.on('SIGINT', requestStop);
process.on('SIGTERM', requestStop);
process.on('message', (message) => message === StopCompaction && requestStop());
process.on('disconnect', requestStop);

const zoneDir = process.argv[2] ?? '';

void compactZone(zoneDir, { shouldStop: () => stopRequested })().then((compacted) => {
  const report: CompactionReport = E.isLeft(compacted)
    ? { _tag: 'CompactionFailed', message: compacted.left.message }
    : { _tag: 'Compacted', line: stopRequested ? describeStoppedCompaction(compacted.right) : describeCompaction(compacted.right) };
  if (process.connected) process.send?.(report, () => process.disconnect());
});
