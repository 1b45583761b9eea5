import * as E from 'fp-ts/Either';
import { MaxOrderJsonBytes, Order } from './order';
import { Reason } from './reasons';
import { validateOrder } from './validate-order';

const ProductNameMessage = 'must be a non-empty string with visible text (not only spaces or invisible characters such as zero-width spaces)';

const validOrder = {
  order_id: 'ord-1001',
  created_at: '2024-05-01T12:30:00Z',
  product: 'Laptop',
  quantity: 2,
  price: 449.99,
  status: 'shipped',
  'contact-info': { email: 'jane.doe@example.com' },
};

const reasonsFor = (input: unknown): Reason[] => {
  const result = validateOrder(input);
  if (E.isRight(result)) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.left;
};

const withField = (field: string, value: unknown) => ({ ...validOrder, [field]: value });
const without = (field: string) => Object.fromEntries(Object.entries(validOrder).filter(([key]) => key !== field));

describe('Order codec', () => {
  it('accepts a valid order and keeps its extra fields', () => {
    const order = { ...validOrder, channel: 'web', notes: { gift: true } };
    expect(validateOrder(order)).toEqual(E.right(order));
  });

  it('accepts a phone instead of an e-mail, fractional seconds and zone offsets, whole and one-decimal prices', () => {
    for (const order of [
      withField('contact-info', { phone: '+1-555-0100' }),
      withField('created_at', '2024-02-29T23:59:59.123+02:00'),
      withField('price', 50),
      withField('price', 0.1),
      withField('price', 12.5),
    ])
      expect(E.isRight(validateOrder(order))).toBe(true);
  });

  it.each<[string, unknown, Reason]>([
    ['order_id missing', without('order_id'), { path: 'order_id', message: 'missing' }],
    ['order_id empty', withField('order_id', ''), { path: 'order_id', message: 'must be a non-empty string of at most 128 characters' }],
    ['order_id too long', withField('order_id', 'x'.repeat(129)), { path: 'order_id', message: 'must be a non-empty string of at most 128 characters' }],
    ['order_id a number', withField('order_id', 17), { path: 'order_id', message: 'must be a non-empty string of at most 128 characters' }],
    ['created_at not a date', withField('created_at', 'yesterday'), { path: 'created_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z' }],
    ['created_at without zone', withField('created_at', '2024-05-01T12:30:00'), { path: 'created_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z' }],
    ['created_at impossible day', withField('created_at', '2023-02-29T00:00:00Z'), { path: 'created_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z' }],
    ['created_at hour 24', withField('created_at', '2024-05-01T24:00:00Z'), { path: 'created_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z' }],
    ['product empty', withField('product', '  '), { path: 'product', message: ProductNameMessage }],
    ['product only a zero-width space', withField('product', '\u200B'), { path: 'product', message: ProductNameMessage }],
    ['product only bidi marks and a BOM', withField('product', ' \u202E\u2066\uFEFF '), { path: 'product', message: ProductNameMessage }],
    ['product missing', without('product'), { path: 'product', message: 'missing' }],
    ['quantity zero', withField('quantity', 0), { path: 'quantity', message: 'must be an integer of at least 1' }],
    ['quantity fractional', withField('quantity', 1.5), { path: 'quantity', message: 'must be an integer of at least 1' }],
    ['quantity a string', withField('quantity', '3'), { path: 'quantity', message: 'must be an integer of at least 1' }],
    ['quantity beyond safe integers', withField('quantity', 1e20), { path: 'quantity', message: 'must be an integer of at most 9007199254740991' }],
    ['price zero', withField('price', 0), { path: 'price', message: 'must be greater than 0' }],
    ['price negative', withField('price', -5), { path: 'price', message: 'must be greater than 0' }],
    ['price three decimals', withField('price', 10.555), { path: 'price', message: 'must have at most 2 decimals' }],
    ['price tiny', withField('price', 1e-7), { path: 'price', message: 'must have at most 2 decimals' }],
    ['price a string', withField('price', '10.00'), { path: 'price', message: 'must be a number (USD) greater than 0' }],
    ['status unknown', withField('status', 'lost'), { path: 'status', message: 'must be one of "delivered", "cancelled", "pending", "shipped"' }],
    ['contact-info missing', without('contact-info'), { path: 'contact-info', message: 'missing' }],
    ['contact-info a string', withField('contact-info', 'jane@example.com'), { path: 'contact-info', message: 'must be an object with an email or a phone' }],
    ['contact-info empty', withField('contact-info', {}), { path: 'contact-info', message: 'must have an email or a phone' }],
    ['contact-info.email not an address', withField('contact-info', { email: 'jane at example' }), { path: 'contact-info.email', message: 'must be an e-mail address' }],
    ['contact-info.phone a number', withField('contact-info', { phone: 5550100 }), { path: 'contact-info.phone', message: 'must be a string' }],
    ['an array', [validOrder], { path: '(order)', message: 'must be a JSON object' }],
    ['null', null, { path: '(order)', message: 'must be a JSON object' }],
    ['a string', 'ord-1', { path: '(order)', message: 'must be a JSON object' }],
  ])('rejects %s with one reason naming the field', (_, input, reason) => {
    expect(reasonsFor(input)).toEqual([reason]);
  });

  it('reports every failing field at once', () => {
    const reasons = reasonsFor({ order_id: '', price: 0, quantity: 0.5, status: 'lost', created_at: 'soon' });
    expect(reasons).toEqual([
      { path: 'order_id', message: 'must be a non-empty string of at most 128 characters' },
      { path: 'created_at', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z' },
      { path: 'product', message: 'missing' },
      { path: 'quantity', message: 'must be an integer of at least 1' },
      { path: 'price', message: 'must be greater than 0' },
      { path: 'status', message: 'must be one of "delivered", "cancelled", "pending", "shipped"' },
      { path: 'contact-info', message: 'missing' },
    ]);
  });

  it(`caps an order's JSON at ${MaxOrderJsonBytes} bytes, counting UTF-8 bytes, and still reports the other fields`, () => {
    const padded = (order: object, bytes: number, last = 'x') => ({
      ...order,
      note: 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify({ ...order, note: last }))) + last,
    });
    const atCap = padded(validOrder, MaxOrderJsonBytes);
    expect(Buffer.byteLength(JSON.stringify(atCap))).toBe(MaxOrderJsonBytes);
    expect(E.isRight(validateOrder(atCap))).toBe(true);
    expect(Order.is(atCap)).toBe(true);

    const overCap = padded({ ...validOrder, price: 0 }, MaxOrderJsonBytes + 1, 'é');
    expect(reasonsFor(overCap)).toEqual([
      { path: '(order)', message: `must be at most ${MaxOrderJsonBytes} bytes of JSON (it has ${MaxOrderJsonBytes + 1})` },
      { path: 'price', message: 'must be greater than 0' },
    ]);
    expect(Order.is(overCap)).toBe(false);
  });
});
