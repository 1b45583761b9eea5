export type StopSignal = 'SIGINT' | 'SIGTERM';

export interface Signals {
  /** The first SIGINT or SIGTERM. */
  readonly first: Promise<StopSignal>;
  /** Called on the second one (and only then), until disarmed. */
  readonly onSecond: (callback: (signal: StopSignal) => void) => void;
  /** The next signal from now on; disarms the second-signal callback. */
  readonly next: () => Promise<StopSignal>;
}

/**
 * Ctrl-C and SIGTERM, for this process or its whole process group (a terminal signals the group): handled, so the
 * process drains instead of dying; the emulator child ignores them and is stopped by this process.
 */
export const watchSignals = (): Signals => {
  let count = 0;
  let second: ((signal: StopSignal) => void) | undefined;
  let waiting: ((signal: StopSignal) => void)[] = [];
  let resolveFirst: (signal: StopSignal) => void = () => undefined;
  const first = new Promise<StopSignal>((resolve) => (resolveFirst = resolve));
  const received = (signal: StopSignal) => {
    count += 1;
    if (count === 1) resolveFirst(signal);
    if (count === 2) second?.(signal);
    const resolvers = waiting;
    waiting = [];
    resolvers.forEach((resolve) => resolve(signal));
  };
  process.on('SIGINT', () => received('SIGINT'));
  process.on('SIGTERM', () => received('SIGTERM'));
  return {
    first,
    onSecond: (callback) => {
      second = callback;
    },
    next: () => {
      second = undefined;
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
};
