import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { described } from './described';
import { jsonBytes } from './canonical-json';
import { hasVisibleText } from './display-text';

/** An order's JSON text is at most this many bytes (UTF-8), so that batches and items fit the services' limits. */
export const MaxOrderJsonBytes = 32 * 1024;
const MaxOrderIdLength = 128;
export const OrderStatuses = ['delivered', 'cancelled', 'pending', 'shipped'] as const;

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u);

interface OrderIdBrand {
  readonly OrderId: unique symbol;
}
const OrderId = described(
  t.brand(
    t.string,
    (s): s is t.Branded<string, OrderIdBrand> => s.length > 0 && s.length <= MaxOrderIdLength,
    'OrderId',
  ),
  () => `must be a non-empty string of at most ${MaxOrderIdLength} characters`,
);
export type OrderId = t.TypeOf<typeof OrderId>;

// Date and time with a zone offset (RFC 3339 profile of ISO 8601); fractional seconds allowed.
const isoDateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

const isIsoDateTime = (s: string): boolean => {
  const match = isoDateTimePattern.exec(s);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((group) => (group === undefined ? 0 : Number(group))) as [number, number, number, number, number, number, number, number];
  // Date.UTC maps years 0-99 to 1900-1999: set the year itself, so that a far-past date is judged on its own.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
};

interface IsoDateTimeBrand {
  readonly IsoDateTime: unique symbol;
}
export const IsoDateTime = described(
  t.brand(t.string, (s): s is t.Branded<string, IsoDateTimeBrand> => isIsoDateTime(s), 'IsoDateTime'),
  () => 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z',
);
export type IsoDateTime = t.TypeOf<typeof IsoDateTime>;

interface ProductNameBrand {
  readonly ProductName: unique symbol;
}
const ProductName = described(
  t.brand(t.string, (s): s is t.Branded<string, ProductNameBrand> => hasVisibleText(s), 'ProductName'),
  () => 'must be a non-empty string with visible text (not only spaces or invisible characters such as zero-width spaces)',
);
export type ProductName = t.TypeOf<typeof ProductName>;

interface QuantityBrand {
  readonly Quantity: unique symbol;
}
const Quantity = described(
  t.brand(t.number, (n): n is t.Branded<number, QuantityBrand> => Number.isSafeInteger(n) && n >= 1, 'Quantity'),
  (actual) =>
    typeof actual === 'number' && Number.isInteger(actual) && actual > Number.MAX_SAFE_INTEGER
      ? `must be an integer of at most ${Number.MAX_SAFE_INTEGER}`
      : 'must be an integer of at least 1',
);
export type Quantity = t.TypeOf<typeof Quantity>;

// The shortest text of a JSON number is what the file said (JSON.parse then String round-trips), so counting the
// digits after its point is exact where multiplying by 100 is not (0.29 * 100 !== 29).
const hasAtMostTwoDecimals = (n: number): boolean => {
  const text = String(n);
  if (text.includes('e-')) return false;
  return (text.split('.')[1]?.length ?? 0) <= 2;
};

interface PriceBrand {
  readonly Price: unique symbol;
}
const Price = described(
  t.brand(
    t.number,
    (n): n is t.Branded<number, PriceBrand> => Number.isFinite(n) && n > 0 && hasAtMostTwoDecimals(n),
    'Price',
  ),
  (actual) =>
    typeof actual !== 'number'
      ? 'must be a number (USD) greater than 0'
      : !(actual > 0)
        ? 'must be greater than 0'
        : 'must have at most 2 decimals',
);
export type Price = t.TypeOf<typeof Price>;

const OrderStatus = described(
  t.keyof(Object.fromEntries(OrderStatuses.map((status) => [status, null])) as Record<(typeof OrderStatuses)[number], null>, 'OrderStatus'),
  () => `must be one of ${OrderStatuses.map((status) => `"${status}"`).join(', ')}`,
);
export type OrderStatus = t.TypeOf<typeof OrderStatus>;

// Deliberately plain: one "@", no spaces, a dot in the domain. Deliverability is the mail system's business.
const emailPattern = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
interface EmailBrand {
  readonly Email: unique symbol;
}
const Email = described(
  t.brand(t.string, (s): s is t.Branded<string, EmailBrand> => s.length <= 254 && emailPattern.test(s), 'Email'),
  () => 'must be an e-mail address',
);
export type Email = t.TypeOf<typeof Email>;

const Phone = described(t.string, () => 'must be a string');

const ContactFields = t.partial({ email: Email, phone: Phone });

/** At least one of `email` or `phone`; other fields are kept. */
const ContactInfo = new t.Type<t.TypeOf<typeof ContactFields>, t.OutputOf<typeof ContactFields>, unknown>(
  'ContactInfo',
  (u): u is t.TypeOf<typeof ContactFields> =>
    ContactFields.is(u) && isPlainObject(u) && (u['email'] !== undefined || u['phone'] !== undefined),
  (input, context) => {
    if (input === undefined) return t.failure(input, context, 'missing');
    if (!isPlainObject(input)) return t.failure(input, context, 'must be an object with an email or a phone');
    if (input['email'] === undefined && input['phone'] === undefined)
      return t.failure(input, context, 'must have an email or a phone');
    return ContactFields.validate(input, context);
  },
  ContactFields.encode,
);
export type ContactInfo = t.TypeOf<typeof ContactInfo>;

/** The order's own fields, each with its codec: the one list of fields (the analytics zone's columns derive from it). */
export const OrderFields = t.type({
  order_id: OrderId,
  created_at: IsoDateTime,
  product: ProductName,
  quantity: Quantity,
  price: Price,
  status: OrderStatus,
  'contact-info': ContactInfo,
});

/** The fields every order has; extra fields are kept as they are (io-ts `type` does not strip them). */
export type Order = t.TypeOf<typeof OrderFields> & { readonly [extra: string]: unknown };
/** An order's own fields as JSON, before validation gave them their brands. */
export type OrderFieldsJson = t.OutputOf<typeof OrderFields>;
/** An order as JSON, before validation gave its fields their brands. */
export type OrderJson = OrderFieldsJson & { readonly [extra: string]: unknown };

/**
 * The order: a JSON object with every field of docs/architecture.md section 3 and at most `MaxOrderJsonBytes` of JSON.
 * Reports every failing field at once (see `reasonsOf`).
 */
export const Order = new t.Type<Order, OrderJson, unknown>(
  'Order',
  (u): u is Order => OrderFields.is(u) && jsonBytes(u) <= MaxOrderJsonBytes,
  (input, context) => {
    if (!isPlainObject(input)) return t.failure(input, context, 'must be a JSON object');
    const fields = OrderFields.validate(input, context);
    const bytes = jsonBytes(input);
    if (bytes <= MaxOrderJsonBytes) return fields as t.Validation<Order>;
    const tooLarge: t.ValidationError = {
      value: input,
      context,
      message: `must be at most ${MaxOrderJsonBytes} bytes of JSON (it has ${bytes})`,
    };
    return t.failures([tooLarge, ...(E.isLeft(fields) ? fields.left : [])]);
  },
  (order) => order as OrderJson,
);
