import { CronDate, CronExpressionParser } from 'cron-parser';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

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

/** A part of an expression, or why it is not one AWS accepts (worded for the whole expression's message). */
type Checked<A> = E.Either<string, A>;

const check = (holds: boolean, reason: string): Checked<void> => (holds ? E.right(undefined) : E.left(reason));

const parseRate = (body: string, expression: string): Checked<ScheduleExpression> => {
  const parts = body.trim().split(/\s+/);
  const [value = '', unit = ''] = parts;
  const amount = Number(value);
  const singular = unit.replace(/s$/, '');
  const perUnit = Object.prototype.hasOwnProperty.call(unitMs, singular) ? unitMs[singular] : undefined;
  return pipe(
    check(parts.length === 2, 'rate() takes a value and a unit, e.g. rate(5 minutes)'),
    E.flatMap(() => check(/^[1-9]\d*$/.test(value), `the rate value must be a positive whole number, got "${value}"`)),
    E.flatMap(() => E.fromNullable(`the rate unit must be minute(s), hour(s) or day(s), got "${unit}"`)(perUnit)),
    E.tap(() => check((amount === 1) === (unit === singular), `use "${amount === 1 ? singular : `${singular}s`}" with the value ${amount}`)),
    E.map((ms): ScheduleExpression => ({ kind: 'rate', expression, periodMs: amount * ms })),
  );
};

// ---------------------------------------------------------------- cron fields

const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** first, first + step, … up to last. */
const stepped = (first: number, last: number, step: number): number[] =>
  Array.from({ length: Math.max(0, Math.floor((last - first) / step) + 1) }, (_, index) => first + index * step);

const checkChars = (field: string, name: string, allowed: RegExp): Checked<void> =>
  check(allowed.test(field), `the ${name} field "${field}" has characters AWS does not allow there`);

/** cron-parser's day 0-6 of an AWS day-of-week value 1-7 or SUN-SAT. */
const dayOfWeekValue = (text: string): Checked<number> => {
  const index = dayNames.indexOf(text.toUpperCase());
  const value = index >= 0 ? index + 1 : /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= 1 && value <= 7 ? E.right(value - 1) : E.left(`day-of-week values are 1-7 or SUN-SAT, got "${text}"`);
};

/** A cron field's items that are a value, a range or a step, between its bounds (`*` is all of them). */
interface RangedField {
  readonly name: string;
  readonly shapes: string;
  readonly first: number;
  readonly last: number;
  readonly value: (text: string) => Checked<number>;
}

const rangeItem = (field: RangedField, item: string): Checked<readonly number[]> => {
  const match = /^(\*|\w+)(?:-(\w+))?(?:\/(\d+))?$/.exec(item);
  if (!match) return E.left(`${field.name} item "${item}" is not a ${field.shapes}`);
  const [, from = '', to, by] = match;
  const step = by === undefined ? 1 : Number(by);
  return pipe(
    E.Do,
    E.bind('first', () => (from === '*' ? E.right(field.first) : field.value(from))),
    E.bind('last', ({ first }) => (from === '*' || (to === undefined && by !== undefined) ? E.right(field.last) : to !== undefined ? field.value(to) : E.right(first))),
    E.tap(() => check(step >= 1, `the step in "${item}" must be at least 1`)),
    E.tap(({ first, last }) => check(last >= first, `the ${field.name} range "${item}" is empty`)),
    E.map(({ first, last }) => stepped(first, last, step)),
  );
};

const daysOfWeek: RangedField = { name: 'day-of-week', shapes: 'value, range, step, nL or n#k', first: 0, last: 6, value: dayOfWeekValue };

const dayOfWeekItem = (item: string): Checked<string> => {
  if (item === 'L') return E.right('6');
  const last = /^(\w+)L$/.exec(item);
  if (last) return pipe(dayOfWeekValue(last[1] ?? ''), E.map((day) => `${day}L`));
  const nth = /^(\w+)#([1-5])$/.exec(item);
  if (nth) return pipe(dayOfWeekValue(nth[1] ?? ''), E.map((day) => `${day}#${nth[2]}`));
  if (item.includes('#')) return E.left(`"${item}": the week number after # is 1-5`);
  return pipe(rangeItem(daysOfWeek, item), E.map((days) => days.join(',')));
};

/** AWS day-of-week values 1-7 (or SUN-SAT) → cron-parser's 0-6; each list item expanded so steps keep AWS's meaning. */
const translateDayOfWeek = (field: string): Checked<string> =>
  field === '?' || field === '*'
    ? E.right('*')
    : pipe(
        field.split(','),
        E.traverseArray(dayOfWeekItem),
        E.map((items) => items.join(',')),
      );

const yearValue = (text: string): Checked<number> => {
  const value = Number(text);
  return /^\d{4}$/.test(text) && value >= 1970 && value <= 2199 ? E.right(value) : E.left(`years are 1970-2199, got "${text}"`);
};

const years: RangedField = { name: 'year', shapes: 'value, range or step', first: 1970, last: 2199, value: yearValue };

const parseYears = (field: string): Checked<ReadonlySet<number> | undefined> =>
  field === '*'
    ? E.right(undefined)
    : pipe(
        checkChars(field, 'year', /^[\d,\-*/]+$/),
        E.flatMap(() => pipe(field.split(','), E.traverseArray((item) => rangeItem(years, item)))),
        E.map((items) => new Set(items.flat())),
      );

const parseCron = (body: string, expression: string, timezone: string): Checked<ScheduleExpression> => {
  const fields = body.trim().split(/\s+/);
  const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
  return pipe(
    check(fields.length === 6, `cron() takes 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`),
    E.flatMap(() => checkChars(minutes, 'minutes', /^[\d,\-*/]+$/)),
    E.flatMap(() => checkChars(hours, 'hours', /^[\d,\-*/]+$/)),
    E.flatMap(() => checkChars(month, 'month', /^[\dA-Za-z,\-*/]+$/)),
    E.flatMap(() => checkChars(dayOfMonth, 'day-of-month', /^[\d,\-*/?LW]+$/)),
    E.flatMap(() => checkChars(dayOfWeek, 'day-of-week', /^[\dA-Za-z,\-*/?#]+$/)),
    E.flatMap(() =>
      check((dayOfMonth === '?') !== (dayOfWeek === '?'), 'exactly one of day-of-month and day-of-week must be "?" (AWS does not allow both day fields)'),
    ),
    E.flatMap(() => check(!dayOfMonth.includes('W'), `"W" (nearest weekday) in day-of-month "${dayOfMonth}" is not supported by the local scheduler`)),
    E.flatMap(() => translateDayOfWeek(dayOfWeek)),
    E.map((days) => ['0', minutes, hours, dayOfMonth === '?' ? '*' : dayOfMonth, month, days].join(' ')),
    E.tap((cronParserExpression) =>
      E.tryCatch(
        () => CronExpressionParser.parse(cronParserExpression, { tz: timezone }),
        (error) => (error instanceof Error ? error.message : String(error)),
      ),
    ),
    E.flatMap((cronParserExpression) =>
      pipe(
        parseYears(year),
        E.map((years): ScheduleExpression => ({ kind: 'cron', expression, cronParserExpression, years, timezone })),
      ),
    ),
  );
};

// ---------------------------------------------------------------- at(...) and time zones

/** A wall-clock time in the schedule's time zone, turned into an instant by cron-parser's dates (Luxon's rules). */
const parseAt = (body: string, expression: string, timezone: string): Checked<ScheduleExpression> => {
  const wallClock = /^\d{4}-\d{2}-\d{2}T(\d{2}):\d{2}:\d{2}$/.exec(body);
  if (!wallClock) return E.left('at() takes a date and time yyyy-mm-ddThh:mm:ss, without a zone (the schedule has its own)');
  // Luxon reads 24:00:00 as the next day's midnight; the Scheduler has no hour 24.
  const instant = Number(wallClock[1]) <= 23 ? E.tryCatch(() => new CronDate(body, timezone).getTime(), () => undefined) : E.left(undefined);
  return pipe(
    instant,
    E.mapLeft(() => `at(${body}) is not a calendar date and time`),
    E.map((at): ScheduleExpression => ({ kind: 'at', expression, at: new Date(at) })),
  );
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
  const [, kind, body = ''] = /^(rate|cron|at)\((.*)\)$/s.exec(expression.trim()) ?? [];
  const parsed = (): Checked<ScheduleExpression> => {
    if (!isTimezone(timezone)) return E.left(`unknown time zone "${timezone}"`);
    if (kind === 'rate') return parseRate(body, expression);
    if (kind === 'cron') return parseCron(body, expression, timezone);
    return kind === 'at' ? parseAt(body.trim(), expression, timezone) : E.left('expected rate(...), cron(...) or at(...)');
  };
  return pipe(
    parsed(),
    E.mapLeft((reason) => invalid(expression, reason)),
  );
};

const isTimezone = (timezone: string): boolean => E.isRight(E.tryCatch(() => new Intl.DateTimeFormat('en-US', { timeZone: timezone }), () => undefined));

const invalid = (expression: string, reason: string): InvalidScheduleExpression => ({ _tag: 'InvalidScheduleExpression', expression, reason });

// ---------------------------------------------------------------- occurrences

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
    const year = new CronDate(candidate, schedule.timezone).getFullYear();
    if (schedule.years.has(year)) return candidate;
    const nextYear = [...schedule.years].filter((allowed) => allowed > year).sort((a, b) => a - b)[0];
    if (nextYear === undefined) return undefined;
    from = Math.max(candidate, new CronDate(`${nextYear}-01-01T00:00:00`, schedule.timezone).getTime() - 1000);
  }
  return undefined;
};

/**
 * The first fire time strictly after `after`, or undefined when the schedule has no more.
 * A rate schedule fires every period counted from `anchor` (when the schedule started).
 */
export const nextFireTime = (schedule: ScheduleExpression, after: Date, anchor: Date): Date | undefined => {
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

/** `<aws.scheduler.scheduled-time>`: ISO-8601 in UTC, to the second (`2026-01-01T12:00:00Z`). */
export const scheduledTimeText = (time: Date): string => time.toISOString().replace(/\.000Z$/, 'Z');
