import { CronExpressionParser } from 'cron-parser';
import * as E from 'fp-ts/Either';

/**
 * EventBridge Scheduler schedule expressions ("Schedule types on EventBridge Scheduler"):
 *   rate(value unit)  unit minute(s) | hour(s) | day(s), singular exactly when value is 1;
 *   cron(minutes hours day-of-month month day-of-week year)  six fields, day-of-week 1-7 = SUN-SAT, exactly one of
 *     the two day fields is `?`, `L` and `#` where AWS allows them, years 1970-2199;
 *   at(yyyy-mm-ddThh:mm:ss)  one time, in the schedule's time zone.
 * Cron occurrences come from cron-parser; what it cannot express (`W`, nearest weekday) is refused.
 */

export type InvalidScheduleExpression = { readonly _tag: 'InvalidScheduleExpression'; readonly expression: string; readonly reason: string };

export type ScheduleExpression =
  | { readonly kind: 'rate'; readonly expression: string; readonly periodMs: number }
  | {
      readonly kind: 'cron';
      readonly expression: string;
      /** The equivalent cron-parser expression (seconds first, day-of-week 0-6), without the year. */
      readonly cronParserExpression: string;
      /** Allowed years, or undefined for `*`. */
      readonly years: ReadonlySet<number> | undefined;
      readonly timezone: string;
    }
  | { readonly kind: 'at'; readonly expression: string; readonly at: Date };

const MINUTE = 60_000;
const unitMs: Readonly<Record<string, number>> = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE };

class ScheduleError extends Error {}
const fail = (reason: string): never => {
  throw new ScheduleError(reason);
};

const parseRate = (value: string, unit: string): number => {
  if (!/^[1-9]\d*$/.test(value)) fail(`the rate value must be a positive whole number, got "${value}"`);
  const amount = Number(value);
  const singular = unit.replace(/s$/, '');
  const perUnit = Object.prototype.hasOwnProperty.call(unitMs, singular) ? unitMs[singular] : undefined;
  if (perUnit === undefined) return fail(`the rate unit must be minute(s), hour(s) or day(s), got "${unit}"`);
  if ((amount === 1) !== (unit === singular)) fail(`use "${amount === 1 ? singular : `${singular}s`}" with the value ${amount}`);
  return amount * perUnit;
};

// ---------------------------------------------------------------- cron fields

const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const checkChars = (field: string, name: string, allowed: RegExp): void => {
  if (!allowed.test(field)) fail(`the ${name} field "${field}" has characters AWS does not allow there`);
};

/** AWS day-of-week values 1-7 (or SUN-SAT) → cron-parser's 0-6; each list item expanded so steps keep AWS's meaning. */
const translateDayOfWeek = (field: string): string => {
  if (field === '?' || field === '*') return '*';
  const day = (text: string): number => {
    const index = dayNames.indexOf(text.toUpperCase());
    const value = index >= 0 ? index + 1 : /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= 1 && value <= 7)) fail(`day-of-week values are 1-7 or SUN-SAT, got "${text}"`);
    return value - 1;
  };
  return field
    .split(',')
    .map((item) => {
      if (item === 'L') return '6';
      const last = /^(\w+)L$/.exec(item);
      if (last) return `${day(last[1] ?? '')}L`;
      const nth = /^(\w+)#([1-5])$/.exec(item);
      if (nth) return `${day(nth[1] ?? '')}#${nth[2]}`;
      if (item.includes('#')) fail(`"${item}": the week number after # is 1-5`);
      const step = /^(\*|\w+)(?:-(\w+))?(?:\/(\d+))?$/.exec(item);
      if (!step) return fail(`day-of-week item "${item}" is not a value, range, step, nL or n#k`);
      const [, from = '', to, by] = step;
      const first = from === '*' ? 0 : day(from);
      const lastDay = from === '*' ? 6 : to !== undefined ? day(to) : by !== undefined ? 6 : first;
      if (by !== undefined && Number(by) < 1) fail(`the step in "${item}" must be at least 1`);
      const days: number[] = [];
      for (let value = first; value <= lastDay; value += by === undefined ? 1 : Number(by)) days.push(value);
      if (days.length === 0) fail(`the day-of-week range "${item}" is empty`);
      return days.join(',');
    })
    .join(',');
};

const parseYears = (field: string): ReadonlySet<number> | undefined => {
  if (field === '*') return undefined;
  checkChars(field, 'year', /^[\d,\-*/]+$/);
  const years = new Set<number>();
  const year = (text: string): number => {
    const value = Number(text);
    if (!/^\d{4}$/.test(text) || value < 1970 || value > 2199) fail(`years are 1970-2199, got "${text}"`);
    return value;
  };
  for (const item of field.split(',')) {
    const match = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(item);
    if (!match) return fail(`year item "${item}" is not a value, range or step`);
    const [, from = '', to, by] = match;
    const first = from === '*' ? 1970 : year(from);
    const last = from === '*' || (to === undefined && by !== undefined) ? 2199 : to !== undefined ? year(to) : first;
    const step = by === undefined ? 1 : Number(by);
    if (step < 1) fail(`the step in "${item}" must be at least 1`);
    if (last < first) fail(`the year range "${item}" is empty`);
    for (let value = first; value <= last; value += step) years.add(value);
  }
  return years;
};

const parseCron = (body: string, expression: string, timezone: string): ScheduleExpression => {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) fail(`cron() takes 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  checkChars(minutes, 'minutes', /^[\d,\-*/]+$/);
  checkChars(hours, 'hours', /^[\d,\-*/]+$/);
  checkChars(month, 'month', /^[\dA-Za-z,\-*/]+$/);
  checkChars(dayOfMonth, 'day-of-month', /^[\d,\-*/?LW]+$/);
  checkChars(dayOfWeek, 'day-of-week', /^[\dA-Za-z,\-*/?#]+$/);
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    fail('exactly one of day-of-month and day-of-week must be "?" (AWS does not allow both day fields)');
  }
  if (dayOfMonth.includes('W')) fail(`"W" (nearest weekday) in day-of-month "${dayOfMonth}" is not supported by the local scheduler`);
  const cronParserExpression = ['0', minutes, hours, dayOfMonth === '?' ? '*' : dayOfMonth, month, translateDayOfWeek(dayOfWeek)].join(' ');
  try {
    CronExpressionParser.parse(cronParserExpression, { tz: timezone });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  return { kind: 'cron', expression, cronParserExpression, years: parseYears(year), timezone };
};

// ---------------------------------------------------------------- at(...) and time zones

const wallClockOffsetMs = (instant: number, timezone: string): number => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'], parts['hour'], parts['minute'], parts['second']);
  return wall - Math.floor(instant / 1000) * 1000;
};

/** The instant whose wall-clock time in `timezone` is the given UTC-fields time. */
const zonedToInstant = (wallAsUtc: number, timezone: string): number => {
  const first = wallAsUtc - wallClockOffsetMs(wallAsUtc, timezone);
  return wallAsUtc - wallClockOffsetMs(first, timezone);
};

const parseAt = (body: string, expression: string, timezone: string): ScheduleExpression => {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) return fail('at() takes a date and time yyyy-mm-ddThh:mm:ss, without a zone (the schedule has its own)');
  const [year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    fail(`at(${body}) is not a calendar date and time`);
  }
  return { kind: 'at', expression, at: new Date(zonedToInstant(wall, timezone)) };
};

export interface ScheduleOptions {
  /** The schedule's `ScheduleExpressionTimezone` (IANA name); UTC by default. */
  readonly timezone?: string;
}

export const parseScheduleExpression = (
  expression: string,
  options: ScheduleOptions = {},
): E.Either<InvalidScheduleExpression, ScheduleExpression> => {
  const timezone = options.timezone ?? 'UTC';
  try {
    if (!isTimezone(timezone)) fail(`unknown time zone "${timezone}"`);
    const match = /^(rate|cron|at)\((.*)\)$/s.exec(expression.trim());
    if (!match) return E.left(invalid(expression, 'expected rate(...), cron(...) or at(...)'));
    const [, kind, body = ''] = match;
    if (kind === 'rate') {
      const parts = body.trim().split(/\s+/);
      if (parts.length !== 2) fail('rate() takes a value and a unit, e.g. rate(5 minutes)');
      const [value = '', unit = ''] = parts;
      return E.right({ kind: 'rate', expression, periodMs: parseRate(value, unit) });
    }
    return E.right(kind === 'cron' ? parseCron(body, expression, timezone) : parseAt(body.trim(), expression, timezone));
  } catch (error) {
    if (error instanceof ScheduleError) return E.left(invalid(expression, error.message));
    throw error;
  }
};

const isTimezone = (timezone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
};

const invalid = (expression: string, reason: string): InvalidScheduleExpression => ({ _tag: 'InvalidScheduleExpression', expression, reason });

// ---------------------------------------------------------------- occurrences

const yearIn = (instant: number, timezone: string): number =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric' }).format(new Date(instant)));

const nextCron = (schedule: Extract<ScheduleExpression, { kind: 'cron' }>, after: number): number | undefined => {
  let from = after;
  // Every pass either returns or moves `from` forward to a later occurrence or to the next allowed year.
  for (let pass = 0; pass < 10_000; pass++) {
    let candidate: number;
    try {
      candidate = CronExpressionParser.parse(schedule.cronParserExpression, { currentDate: new Date(from), tz: schedule.timezone })
        .next()
        .getTime();
    } catch {
      return undefined;
    }
    if (schedule.years === undefined) return candidate;
    const year = yearIn(candidate, schedule.timezone);
    if (schedule.years.has(year)) return candidate;
    const nextYear = [...schedule.years].filter((allowed) => allowed > year).sort((a, b) => a - b)[0];
    if (nextYear === undefined) return undefined;
    from = Math.max(candidate, zonedToInstant(Date.UTC(nextYear, 0, 1), schedule.timezone) - 1000);
  }
  return undefined;
};

/**
 * The first fire time strictly after `after`, or undefined when the schedule has no more.
 * A rate schedule fires every period counted from `anchor` (when the schedule started).
 */
export const nextFireTime = (schedule: ScheduleExpression, after: Date, anchor: Date = after): Date | undefined => {
  switch (schedule.kind) {
    case 'rate': {
      const periods = Math.floor((after.getTime() - anchor.getTime()) / schedule.periodMs) + 1;
      return new Date(anchor.getTime() + Math.max(periods, 1) * schedule.periodMs);
    }
    case 'at':
      return schedule.at.getTime() > after.getTime() ? schedule.at : undefined;
    case 'cron': {
      const next = nextCron(schedule, after.getTime());
      return next === undefined ? undefined : new Date(next);
    }
  }
};

export const fireTimes = (schedule: ScheduleExpression, after: Date, count: number, anchor: Date = after): Date[] => {
  const times: Date[] = [];
  let previous = after;
  while (times.length < count) {
    const next = nextFireTime(schedule, previous, anchor);
    if (next === undefined) break;
    times.push(next);
    previous = next;
  }
  return times;
};

/** `<aws.scheduler.scheduled-time>`: ISO-8601 in UTC, to the second (`2026-01-01T12:00:00Z`). */
export const scheduledTimeText = (time: Date): string => time.toISOString().replace(/\.000Z$/, 'Z');
