import * as E from 'fp-ts/Either';
import { parseScheduleExpression, type ScheduleExpression } from './schedule-expression';
import { startTicker, type Clock, type Tick } from './ticker';

/** A clock whose time moves only when the test says so. */
const fakeClock = (startIso: string) => {
  let now = Date.parse(startIso);
  let timers: { id: number; at: number; callback: () => void }[] = [];
  let nextId = 0;
  const clock: Clock = {
    now: () => now,
    setTimer: (callback, delayMs) => {
      const timer = { id: nextId++, at: now + delayMs, callback };
      timers.push(timer);
      return timer.id;
    },
    clearTimer: (id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
  };
  const advance = async (ms: number): Promise<void> => {
    const until = now + ms;
    for (;;) {
      const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((timer) => timer !== due);
      now = Math.max(now, due.at);
      due.callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
    now = until;
  };
  return { clock, advance, pending: () => timers.length };
};

const schedule = (expression: string): ScheduleExpression => {
  const result = parseScheduleExpression(expression);
  if (E.isLeft(result)) throw new Error(result.left.reason);
  return result.right;
};

describe('the ticker', () => {
  it("fires at the schedule's cadence with the nominal scheduled time", async () => {
    const { clock, advance } = fakeClock('2026-01-01T00:00:30.250Z');
    const ticks: Tick[] = [];
    const ticker = startTicker({ schedule: schedule('rate(1 minute)'), clock, onTick: (tick) => void ticks.push(tick) });
    await advance(59_000);
    expect(ticks).toEqual([]);
    await advance(2 * 60_000);
    expect(ticks).toEqual([
      { index: 1, scheduledTime: '2026-01-01T00:01:30Z' },
      { index: 2, scheduledTime: '2026-01-01T00:02:30Z' },
    ]);
    await ticker.stop();
  });

  it('fires the first tick at start when asked, and says when each next one is due', async () => {
    const { clock, advance } = fakeClock('2026-01-01T00:00:30.250Z');
    const ticks: Tick[] = [];
    const scheduled: string[] = [];
    const ticker = startTicker({
      schedule: schedule('rate(1 minute)'),
      clock,
      fireAtStart: true,
      onTick: (tick) => void ticks.push(tick),
      onScheduled: (nominal) => void scheduled.push(nominal.toISOString()),
    });
    await advance(0);
    expect(ticks).toEqual([{ index: 1, scheduledTime: '2026-01-01T00:00:30Z' }]);
    expect(scheduled).toEqual(['2026-01-01T00:01:30.000Z']);
    await advance(60_000);
    expect(ticks.map((tick) => tick.scheduledTime)).toEqual(['2026-01-01T00:00:30Z', '2026-01-01T00:01:30Z']);
    expect(scheduled).toEqual(['2026-01-01T00:01:30.000Z', '2026-01-01T00:02:30.000Z']);
    await ticker.stop();
  });

  it('follows a cron schedule', async () => {
    const { clock, advance } = fakeClock('2026-01-01T00:07:00Z');
    const ticks: string[] = [];
    const ticker = startTicker({ schedule: schedule('cron(0/15 * * * ? *)'), clock, onTick: (tick) => void ticks.push(tick.scheduledTime) });
    await advance(30 * 60_000);
    expect(ticks).toEqual(['2026-01-01T00:15:00Z', '2026-01-01T00:30:00Z']);
    await ticker.stop();
  });

  it('speeds up with an override interval and stops after maxTicks, waiting for the last handler', async () => {
    const { clock, advance, pending } = fakeClock('2026-05-04T10:00:00.700Z');
    const ticks: string[] = [];
    let finished = 0;
    const ticker = startTicker({
      schedule: schedule('rate(1 minute)'),
      everyMs: 2000,
      maxTicks: 3,
      clock,
      onTick: async (tick) => {
        ticks.push(tick.scheduledTime);
        await new Promise((resolve) => setImmediate(resolve));
        finished++;
      },
    });
    await advance(10_000);
    await ticker.done;
    expect(ticks).toEqual(['2026-05-04T10:00:02Z', '2026-05-04T10:00:04Z', '2026-05-04T10:00:06Z']);
    expect(finished).toBe(3);
    expect(pending()).toBe(0);
  });

  it('catches up missed times, each with its own nominal time, and keeps going when a handler fails', async () => {
    const { clock, advance } = fakeClock('2026-01-01T00:00:00Z');
    const ticks: string[] = [];
    const errors: number[] = [];
    const ticker = startTicker({
      schedule: schedule('rate(1 minute)'),
      everyMs: 1000,
      clock,
      onTick: (tick) => {
        ticks.push(tick.scheduledTime);
        if (tick.index === 1) throw new Error('boom');
      },
      onError: (_error, tick) => errors.push(tick.index),
    });
    await advance(3000);
    await ticker.stop();
    expect(ticks).toEqual(['2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:03Z']);
    expect(errors).toEqual([1]);
  });

  it('ends when a one-time schedule has fired', async () => {
    const { clock, advance } = fakeClock('2026-01-01T00:00:00Z');
    const ticks: string[] = [];
    const ticker = startTicker({ schedule: schedule('at(2026-01-01T00:00:05)'), clock, onTick: (tick) => void ticks.push(tick.scheduledTime) });
    await advance(60_000);
    await ticker.done;
    expect(ticks).toEqual(['2026-01-01T00:00:05Z']);
  });

  it('runs on the real clock', async () => {
    const ticks: Tick[] = [];
    const ticker = startTicker({ schedule: schedule('rate(1 minute)'), everyMs: 20, maxTicks: 2, onTick: (tick) => void ticks.push(tick) });
    await ticker.done;
    expect(ticks.map((tick) => tick.index)).toEqual([1, 2]);
  });
});
