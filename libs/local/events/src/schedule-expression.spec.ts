import * as E from 'fp-ts/Either';
import { nextFireTime, parseScheduleExpression, scheduledTimeText, type ScheduleExpression } from './schedule-expression';

const parsed = (expression: string, timezone?: string): ScheduleExpression => {
  const result = parseScheduleExpression(expression, { timezone });
  if (E.isLeft(result)) throw new Error(result.left.reason);
  return result.right;
};
const refusal = (expression: string): string => {
  const result = parseScheduleExpression(expression);
  if (E.isRight(result)) throw new Error(`accepted: ${expression}`);
  return result.left.reason;
};
/** The first `count` fire times after `after` (a rate counted from `after`). */
const fireTimes = (schedule: ScheduleExpression, after: Date, count: number): Date[] => {
  const fired: Date[] = [];
  for (let next = nextFireTime(schedule, after, after); next !== undefined && fired.length < count; next = nextFireTime(schedule, next, after)) fired.push(next);
  return fired;
};
const times = (expression: string, after: string, count: number, timezone?: string): string[] =>
  fireTimes(parsed(expression, timezone), new Date(after), count).map(scheduledTimeText);

describe('rate expressions', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(12 hours)', 43_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('%s fires every %i ms', (expression, periodMs) => {
    expect(parsed(expression)).toEqual({ kind: 'rate', expression, periodMs });
  });

  it('counts periods from the schedule start', () => {
    const schedule = parsed('rate(5 minutes)');
    const anchor = new Date('2026-01-01T00:00:00Z');
    expect(nextFireTime(schedule, anchor, anchor)?.toISOString()).toBe('2026-01-01T00:05:00.000Z');
    expect(nextFireTime(schedule, new Date('2026-01-01T00:07:00Z'), anchor)?.toISOString()).toBe('2026-01-01T00:10:00.000Z');
    expect(nextFireTime(schedule, new Date('2026-01-01T00:10:00Z'), anchor)?.toISOString()).toBe('2026-01-01T00:15:00.000Z');
  });

  it.each([
    ['rate(1 minutes)', 'use "minute" with the value 1'],
    ['rate(5 minute)', 'use "minutes" with the value 5'],
    ['rate(0 minutes)', 'positive whole number'],
    ['rate(1.5 hours)', 'positive whole number'],
    ['rate(1 second)', 'minute(s), hour(s) or day(s)'],
    ['rate(5)', 'a value and a unit'],
    ['every 5 minutes', 'expected rate(...), cron(...) or at(...)'],
  ])('refuses %s', (expression, reason) => {
    expect(refusal(expression)).toContain(reason);
  });
});

// The examples of AWS's "Schedule types on EventBridge Scheduler" (cron-based schedules).
describe('cron expressions', () => {
  it('cron(0 10 * * ? *): 10:00 UTC every day', () => {
    expect(times('cron(0 10 * * ? *)', '2026-03-01T10:00:00Z', 2)).toEqual(['2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z']);
  });

  it('cron(15 12 * * ? *): 12:15 every day', () => {
    expect(times('cron(15 12 * * ? *)', '2026-03-01T00:00:00Z', 1)).toEqual(['2026-03-01T12:15:00Z']);
  });

  it('cron(0 18 ? * MON-FRI *): 18:00 Monday to Friday', () => {
    // 2026-03-06 is a Friday.
    expect(times('cron(0 18 ? * MON-FRI *)', '2026-03-06T19:00:00Z', 2)).toEqual(['2026-03-09T18:00:00Z', '2026-03-10T18:00:00Z']);
  });

  it('cron(0 8 1 * ? *): 08:00 on the first day of every month', () => {
    expect(times('cron(0 8 1 * ? *)', '2026-01-15T00:00:00Z', 2)).toEqual(['2026-02-01T08:00:00Z', '2026-03-01T08:00:00Z']);
  });

  it('cron(0/15 * * * ? *): every 15 minutes', () => {
    expect(times('cron(0/15 * * * ? *)', '2026-01-01T00:07:00Z', 3)).toEqual([
      '2026-01-01T00:15:00Z',
      '2026-01-01T00:30:00Z',
      '2026-01-01T00:45:00Z',
    ]);
  });

  it('cron(0/5 8-17 ? * MON-FRI *): every 5 minutes from 08:00 to 17:55 on weekdays', () => {
    expect(times('cron(0/5 8-17 ? * MON-FRI *)', '2026-03-06T17:50:00Z', 2)).toEqual(['2026-03-06T17:55:00Z', '2026-03-09T08:00:00Z']);
  });

  it('cron(0 9 ? * 2#1 *): 09:00 on the first Monday of the month (AWS day 2 = Monday)', () => {
    expect(times('cron(0 9 ? * 2#1 *)', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-05T09:00:00Z', '2026-02-02T09:00:00Z']);
  });

  it('numbers the week days 1-7 from Sunday, also in ranges and steps', () => {
    expect(times('cron(0 0 ? * 1 *)', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-04T00:00:00Z']); // Sunday
    expect(times('cron(0 0 ? * 7 *)', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-03T00:00:00Z']); // Saturday
    // 2/2 is Monday, Wednesday, Friday (never Sunday, as a plain translation to 1/2 over 0-7 would give).
    expect(times('cron(0 0 ? * 2/2 *)', '2026-01-03T00:00:00Z', 4)).toEqual([
      '2026-01-05T00:00:00Z',
      '2026-01-07T00:00:00Z',
      '2026-01-09T00:00:00Z',
      '2026-01-12T00:00:00Z',
    ]);
  });

  it('supports L in both day fields: the last day of the month and the last Friday (6L)', () => {
    expect(times('cron(0 0 L * ? *)', '2026-02-01T00:00:00Z', 2)).toEqual(['2026-02-28T00:00:00Z', '2026-03-31T00:00:00Z']);
    expect(times('cron(0 0 ? * 6L *)', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-30T00:00:00Z']);
  });

  it('honours the year field', () => {
    expect(times('cron(0 0 1 1 ? 2028,2030)', '2026-01-01T00:00:00Z', 3)).toEqual(['2028-01-01T00:00:00Z', '2030-01-01T00:00:00Z']);
    expect(times('cron(0 12 * * ? 2025)', '2026-01-01T00:00:00Z', 1)).toEqual([]);
  });

  it('evaluates in the schedule time zone', () => {
    expect(times('cron(0 9 * * ? *)', '2026-07-01T00:00:00Z', 1, 'Europe/Berlin')).toEqual(['2026-07-01T07:00:00Z']);
  });

  it.each([
    ['cron(0 10 * * *)', '6 fields'],
    ['cron(0 10 * * * *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 10 ? * ? *)', 'exactly one of day-of-month and day-of-week must be "?"'],
    ['cron(0 10 15W * ? *)', '"W" (nearest weekday)'],
    ['cron(0 10 ? * 8 *)', 'day-of-week values are 1-7 or SUN-SAT'],
    ['cron(0 10 ? * 2#6 *)', 'the week number after # is 1-5'],
    ['cron(61 10 * * ? *)', 'Constraint error'],
    ['cron(0 10 * * ? 1969)', 'years are 1970-2199'],
    ['cron(0 10 * * ? abc)', 'characters AWS does not allow'],
    ['cron(0 L * * ? *)', 'characters AWS does not allow'],
  ])('refuses %s', (expression, reason) => {
    expect(refusal(expression)).toContain(reason);
  });
});

describe('at expressions', () => {
  it('fires once, at the given time in the schedule time zone', () => {
    expect(times('at(2026-11-20T13:00:00)', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-11-20T13:00:00Z']);
    expect(times('at(2026-11-20T13:00:00)', '2026-11-20T13:00:00Z', 1)).toEqual([]);
    expect(times('at(2026-07-01T09:00:00)', '2026-01-01T00:00:00Z', 1, 'America/New_York')).toEqual(['2026-07-01T13:00:00Z']);
  });

  it('moves a time in a spring-forward gap forward, and takes the second of a repeated fall-back time', () => {
    expect(times('at(2026-03-08T02:30:00)', '2026-01-01T00:00:00Z', 1, 'America/New_York')).toEqual(['2026-03-08T07:30:00Z']);
    expect(times('at(2026-11-01T01:30:00)', '2026-01-01T00:00:00Z', 1, 'America/New_York')).toEqual(['2026-11-01T06:30:00Z']);
  });

  it.each([
    ['at(2026-02-30T00:00:00)', 'not a calendar date'],
    ['at(2026-11-20T13:00:00Z)', 'without a zone'],
    ['at(2026-11-20)', 'yyyy-mm-ddThh:mm:ss'],
  ])('refuses %s', (expression, reason) => {
    expect(refusal(expression)).toContain(reason);
  });

  it('refuses an unknown time zone', () => {
    expect(E.isLeft(parseScheduleExpression('rate(1 minute)', { timezone: 'Mars/Olympus' }))).toBe(true);
  });
});
