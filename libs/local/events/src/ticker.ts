import { nextFireTime, scheduledTimeText, type ScheduleExpression } from './schedule-expression';
import { createInFlight } from './in-flight';

/** Time as the ticker sees it; tests pass a fake one. */
export interface Clock {
  readonly now: () => number;
  readonly setTimer: (callback: () => void, delayMs: number) => unknown;
  readonly clearTimer: (timer: unknown) => void;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

export interface Tick {
  /** 1, 2, 3, ... */
  readonly index: number;
  /** The nominal time of this tick, as the Scheduler's `<aws.scheduler.scheduled-time>` gives it. */
  readonly scheduledTime: string;
}

export interface TickerOptions {
  readonly schedule: ScheduleExpression;
  /** A local speed-up: tick at this interval instead of the schedule's cadence. */
  readonly everyMs?: number;
  readonly maxTicks?: number;
  /** Fire the first tick at once (its nominal time the start, in whole seconds), as a new schedule does. */
  readonly fireAtStart?: boolean;
  readonly onTick: (tick: Tick) => unknown;
  /** Called with each next nominal time as soon as it is scheduled (to say when the next tick comes). */
  readonly onScheduled?: (nominal: Date) => void;
  /** A tick whose handler threw or rejected; the ticker keeps going, as the Scheduler does. */
  readonly onError?: (error: unknown, tick: Tick) => void;
  readonly clock?: Clock;
}

/**
 * Fires at the schedule's nominal times (or every `everyMs`, counted from the start, whole seconds), handing each
 * tick its nominal time. Ticks do not wait for the previous tick's handler (the Scheduler does not either); a late
 * timer still reports the nominal time, and missed times are caught up one after another.
 */
export const startTicker = (options: TickerOptions) => {
  const clock = options.clock ?? systemClock;
  const start = new Date(Math.floor(clock.now() / 1000) * 1000);
  const next = (previous: Date): Date | undefined =>
    options.everyMs === undefined ? nextFireTime(options.schedule, previous, start) : new Date(previous.getTime() + options.everyMs);

  const inFlight = createInFlight();
  let index = 0;
  const more = (): boolean => options.maxTicks === undefined || index < options.maxTicks;
  let stopped = false;
  /** The wait for the next nominal time: its timer, and how stop() ends it early. */
  let waiting: { readonly timer: unknown; readonly end: () => void } | undefined;

  const fire = (nominal: Date): void => {
    const tick: Tick = { index: ++index, scheduledTime: scheduledTimeText(nominal) };
    inFlight.run(
      () => options.onTick(tick),
      (error) => options.onError?.(error, tick),
    );
  };
  const until = (nominal: Date): Promise<void> =>
    new Promise((end) => (waiting = { timer: clock.setTimer(end, Math.max(0, nominal.getTime() - clock.now())), end }));

  const run = async (): Promise<void> => {
    if (options.fireAtStart) fire(start);
    for (let nominal = next(start); nominal !== undefined && more() && !stopped; nominal = next(nominal)) {
      options.onScheduled?.(nominal);
      await until(nominal);
      if (!stopped) fire(nominal);
    }
    await inFlight.idle();
  };
  /** Resolves when `maxTicks` have fired and finished, when the schedule has no more times, or after stop(). */
  const done = run();
  return {
    /** Stops ticking and resolves once every tick already started has finished. */
    stop: async (): Promise<void> => {
      stopped = true;
      if (waiting !== undefined) clock.clearTimer(waiting.timer);
      waiting?.end();
      await done;
    },
    done,
  };
};
