import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isWellFormedText, ValidatorOutput, type Verdict } from '@sales-pipeline/orders-domain';
import fc from 'fast-check';
import { validateBatch } from './validate-batch';

/**
 * Whatever JSON an order holds, the validator judges it: never a throw (a throw fails the whole batch, its valid
 * neighbours with it, and would fail again on every redrive), a verdict per order, a valid order whose DynamoDB item
 * keeps every field, an invalid one with reasons, and every string it hands on well-formed once serialized.
 * The orders are made from JSON text, as the validator receives them, so `__proto__` is a field as in a file.
 */

const validOrder = {
  order_id: 'poison-1',
  created_at: '2026-11-20T10:00:00Z',
  product: 'Widget',
  quantity: 1,
  price: 450,
  status: 'pending',
  'contact-info': { email: 'buyer@example.com' },
};

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '😀', '\u001b'), loneSurrogate) }));
const specialKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__');
const key = fc.oneof(specialKey, text, fc.constantFrom(...Object.keys(validOrder)));

/** JSON text of an arbitrary value, objects written from their entries (so a `__proto__` entry stays a field). */
type Json = null | boolean | number | string | Json[] | { readonly entries: readonly (readonly [string, Json])[] };
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => ({ entries })),
  ),
})).value;
const jsonText = (value: Json): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
};

/** Arbitrary values, and valid orders with fields added or replaced by arbitrary ones (the interesting near-misses). */
const order: fc.Arbitrary<unknown> = fc.oneof(
  json.map((value) => JSON.parse(jsonText(value)) as unknown),
  fc.array(fc.tuple(key, json), { maxLength: 4 }).map((extra) => {
    const entries = [...Object.entries(validOrder).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), ...extra.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)];
    return JSON.parse(`{${entries.join(',')}}`) as unknown;
  }),
);

const validate = validateBatch({ highValueThreshold: 400, now: () => new Date('2026-12-01T00:00:00Z') });
const batchOf = (orders: readonly unknown[]) => ({ Items: orders.map((each, index) => ({ index, order: each })), BatchInput: { bucket: 'lake', key: 'incoming/poison.json', versionId: 'v1' } });

/** Every string of a value, field names included. */
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : [];

/** The item as plain JSON, its numbers as the doubles they were written from (not BigInt past 2^53). */
const storedFields = (item: unknown) => unmarshall(item as Parameters<typeof unmarshall>[0], { wrapNumbers: (text) => Number(text) });

const checkVerdict = (verdict: Verdict, sent: unknown) => {
  if (verdict.valid) {
    // Stored as sent: the item's own fields are the order's, none lost or added.
    const stored = storedFields(verdict.item);
    const { content_hash: _hash, source_index: _index, ...fields } = stored;
    expect(fields).toEqual(sent);
    for (const each of [...strings(verdict.item), ...strings(verdict.alert)]) expect(isWellFormedText(each)).toBe(true);
  } else {
    expect(verdict.rejection.reasons.length).toBeGreaterThan(0);
  }
};

describe('poison orders: the validator judges any JSON', () => {
  it('never throws, answers one verdict per order (the valid neighbour stays valid), stores what was sent, hands on only well-formed text', () => {
    fc.assert(
      fc.property(order, (poison) => {
        const output = validate(batchOf([validOrder, poison]));
        expect(ValidatorOutput.is(output)).toBe(true);
        expect(output.verdicts.map((verdict) => verdict.index)).toEqual([0, 1]);
        expect(output.verdicts[0]?.valid).toBe(true);
        checkVerdict(output.verdicts[1] as Verdict, poison);
        expect(isWellFormedText(JSON.stringify(output))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a __proto__ field and ill-formed text with the reason, stores a field named constructor', () => {
    const verdictOf = (text: string) => validate(batchOf([JSON.parse(text) as unknown])).verdicts[0] as Verdict;
    const base = JSON.stringify(validOrder).slice(1, -1);
    const proto = verdictOf(`{${base},"__proto__":{"admin":true}}`);
    expect(proto.valid === false && proto.rejection.reasons).toEqual([{ path: '__proto__', message: expect.stringMatching(/treat specially/) }]);
    const lone = verdictOf(`{${base.replace('"Widget"', '"Wid\\ud800get"')}}`);
    expect(lone.valid === false && lone.rejection.reasons).toEqual([{ path: 'product', message: expect.stringMatching(/not well-formed Unicode/) }]);
    const ctor = verdictOf(`{${base},"constructor":5}`);
    expect(ctor.valid && storedFields(ctor.item)['constructor']).toBe(5);
  });

  it('accepts a valid date far in the past (years 0-99 are not 1900-1999)', () => {
    const past = validate(batchOf([{ ...validOrder, created_at: '0050-01-01T00:00:00Z' }])).verdicts[0] as Verdict;
    expect(past.valid).toBe(true);
    const invalidPast = validate(batchOf([{ ...validOrder, created_at: '0050-02-30T00:00:00Z' }])).verdicts[0] as Verdict;
    expect(invalidPast.valid).toBe(false);
  });
});
