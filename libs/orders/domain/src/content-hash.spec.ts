import * as E from 'fp-ts/Either';
import { createHash } from 'node:crypto';
import { canonicalJson, nestingDepth } from './canonical-json';
import { contentHash } from './content-hash';
import { Order } from './order';
import { orderRejection, rejectionId, truncateUtf8 } from './rejection';
import { validateOrder } from './validate-order';

const order = (input: object): Order => {
  const result = validateOrder(input);
  if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
  return result.right;
};

const fields = {
  order_id: 'ord-1',
  created_at: '2024-05-01T12:30:00Z',
  product: 'Laptop',
  quantity: 1,
  price: 99.5,
  status: 'pending',
  'contact-info': { phone: '+1-555-0100', email: 'a@example.com' },
  extra: { b: [2, { z: 1, a: 0 }], a: null },
};
const reordered = {
  extra: { a: null, b: [2, { a: 0, z: 1 }] },
  'contact-info': { email: 'a@example.com', phone: '+1-555-0100' },
  status: 'pending',
  price: 99.5,
  quantity: 1,
  product: 'Laptop',
  created_at: '2024-05-01T12:30:00Z',
  order_id: 'ord-1',
};

describe('canonical JSON and content hash', () => {
  it('sorts keys recursively and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 3] })).toBe('{"a":[{"c":2,"d":1},3],"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('is the same for the same order in any key order, a stable SHA-256 hex', () => {
    expect(contentHash(order(fields))).toBe(contentHash(order(reordered)));
    expect(contentHash(order(fields))).toMatch(/^[0-9a-f]{64}$/);
    const canonical =
      '{"contact-info":{"email":"a@example.com","phone":"+1-555-0100"},"created_at":"2024-05-01T12:30:00Z",' +
      '"extra":{"a":null,"b":[2,{"a":0,"z":1}]},"order_id":"ord-1","price":99.5,"product":"Laptop","quantity":1,"status":"pending"}';
    expect(canonicalJson(order(fields))).toBe(canonical);
    expect(contentHash(order(fields))).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('changes when any value changes, extra fields included', () => {
    const base = contentHash(order(fields));
    expect(contentHash(order({ ...fields, price: 99.51 }))).not.toBe(base);
    expect(contentHash(order({ ...fields, extra: { ...fields.extra, a: 0 } }))).not.toBe(base);
  });
});

describe('rejection id', () => {
  const source = { bucket: 'lake', key: 'incoming/a.json', versionId: 'v1', index: 3 };

  it('is deterministic in bucket, key, index and the raw order, not in its key order or the object version', () => {
    expect(rejectionId(source, fields)).toBe(rejectionId({ ...source }, reordered));
    expect(orderRejection({ ...source, versionId: 'v2' }, [], fields).id).toBe(rejectionId(source, fields));
    expect(rejectionId(source, fields)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for another bucket, key, index or order', () => {
    const base = rejectionId(source, fields);
    for (const other of [
      rejectionId({ ...source, bucket: 'other' }, fields),
      rejectionId({ ...source, key: 'incoming/b.json' }, fields),
      rejectionId({ ...source, index: 4 }, fields),
      rejectionId(source, { ...fields, quantity: 2 }),
      rejectionId(source, 'not an order'),
    ])
      expect(other).not.toBe(base);
  });

  it('carries an oversized raw order as its JSON text cut to the cap, flagged orderTruncated', () => {
    const huge = { note: 'é'.repeat(20_000) };
    const message = orderRejection(source, [{ path: '(order)', message: 'too big' }], huge, 1001);
    expect(message.orderTruncated).toBe(true);
    expect(typeof message.order).toBe('string');
    expect(Buffer.byteLength(message.order as string)).toBeLessThanOrEqual(1001);
    expect(JSON.stringify(huge).startsWith(message.order as string)).toBe(true);
    expect(message.id).toBe(rejectionId(source, huge));

    const small = orderRejection(source, [], 42);
    expect(small).toEqual({ type: 'order-rejected', id: rejectionId(source, 42), reasons: [], order: 42 });
  });

  it('never cuts a character in two', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('aé', 3)).toBe('aé');
  });
});

describe('canonical JSON of hostile input', () => {
  const deep = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

  it('writes the same bytes as JSON.stringify once keys are sorted', () => {
    const value = { a: [1, 'é', null, true, { b: -0.5, c: [] }], d: {}, e: 'x"y\\z\n' };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(canonicalJson([undefined, { skipped: undefined }])).toBe(JSON.stringify([undefined, { skipped: undefined }]));
  });

  it('handles nesting far deeper than the call stack allows', () => {
    const value = deep(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(canonicalJson(value)).toHaveLength(200_000);
    expect(nestingDepth(value)).toBe(100_000);
  });

  it('counts nesting depth', () => {
    expect(nestingDepth(1)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [{ b: 1 }], c: 2 })).toBe(3);
  });

  it('carries a too deeply nested rejected order as JSON text', () => {
    const source = { bucket: 'lake', key: 'incoming/a.json', versionId: null, index: 0 };
    const message = orderRejection(source, [], deep(50_000));
    expect(message.orderTruncated).toBe(true);
    expect(message.order === '['.repeat(32_768)).toBe(true);
    expect(() => JSON.stringify(message)).not.toThrow();
  });
});
