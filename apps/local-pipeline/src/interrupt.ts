import type { StopSignal } from './signals';

/** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as a shell reports it. */
const EXIT_INTERRUPTED = 130;

const running = new Set<() => Promise<void>>();
let interrupted: StopSignal | undefined;

/**
 * For the commands with nothing to drain (bench, soak): the first Ctrl-C or SIGTERM (one keystroke may arrive twice,
 * the terminal's and npm's copy) stops every local pipeline still running, which removes its temporary folders and
 * its emulator process, then exits 130.
 */
export const exitOnInterrupt = (say: (line: string) => void): void => {
  const onSignal = (signal: StopSignal) => {
    if (interrupted !== undefined) return;
    interrupted = signal;
    say(`${signal}: stopping the local pipeline and removing its temporary folders…`);
    void Promise.allSettled([...running].map((stop) => stop())).finally(() => process.exit(EXIT_INTERRUPTED));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
};

/**
 * A started pipeline, for exitOnInterrupt to stop: the returned function stops it once (the command's own stop and an
 * interrupt's share the one stop, so neither exits while the other still removes folders).
 */
export const stopOnInterrupt = (pipeline: { readonly stop: () => Promise<void> }): (() => Promise<void>) => {
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= pipeline.stop().finally(() => running.delete(stop)));
  running.add(stop);
  return stop;
};

/** The command was interrupted: its exit is exitOnInterrupt's (130), whatever the interrupted work ends with. */
export const wasInterrupted = (): boolean => interrupted !== undefined;
