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
 * Signals this close together are one keystroke: a terminal's Ctrl-C reaches the whole process group, so under
 * `npm start` this process gets the terminal's SIGINT and npm's forwarded copy of it.
 */
const SAME_KEYSTROKE_MS = 300;

/**
 * Ctrl-C and SIGTERM, for this process or its whole process group (a terminal signals the group): handled, so the
 * process drains instead of dying; the emulator child ignores them and is stopped by this process.
 */
export const watchSignals = (): Signals => {
  let count = 0;
  let last = -Infinity;
  let second: ((signal: StopSignal) => void) | undefined;
  let waiting: ((signal: StopSignal) => void)[] = [];
  let resolveFirst: (signal: StopSignal) => void = () => undefined;
  const first = new Promise<StopSignal>((resolve) => (resolveFirst = resolve));
  const received = (signal: StopSignal) => {
    const at = Date.now();
    const sameKeystroke = at - last < SAME_KEYSTROKE_MS;
    last = at;
    if (sameKeystroke) return;
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
