import { marshall } from '@aws-sdk/util-dynamodb';
import {
  DynamoDbItem,
  fileRejectionId,
  rejectionId,
  InvalidVerdict,
  oversizedOrder,
  RejectedFileMessage,
  RejectedOrderMessage,
  ValidatorInput,
  ValidatorOutput,
  ValidVerdict,
} from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as t from 'io-ts';
import { AlertLeaseSeconds, summarize, validateBatch } from './validate-batch';

const examples = join(__dirname, '../../domain/examples');
const example = (name: string): unknown => JSON.parse(readFileSync(join(examples, name), 'utf8'));
const decoded = <A>(codec: t.Decoder<unknown, A>, value: unknown): A => {
  const result = codec.decode(value);
  if (E.isLeft(result)) throw new Error(`does not decode as ${codec.name}`);
  return result.right;
};

const clock = () => new Date('2024-05-01T12:00:05.000Z');
const validate = validateBatch({ highValueThreshold: 400, now: clock });
const batchInput = { bucket: 'lake', key: 'incoming/a.json', versionId: 'v1' };
const order = {
  order_id: 'ord-1',
  created_at: '2024-05-01T12:30:00Z',
  product: 'Camera',
  quantity: 1,
  price: 400.01,
  status: 'shipped',
  'contact-info': { email: 'jane@example.com' },
};
const verdictOf = (raw: unknown, input: Partial<ValidatorInput['BatchInput']> = {}) =>
  validate({ Items: [{ index: 7, order: raw }], BatchInput: { ...batchInput, ...input } }).verdicts[0];
const valid = (raw: unknown) => decoded(ValidVerdict, verdictOf(raw));
const invalid = (raw: unknown) => decoded(InvalidVerdict, verdictOf(raw));

describe('the example messages', () => {
  it('validator-output.json is exactly what the validator returns for validator-input.json with a fixed clock', () => {
    const input = decoded(ValidatorInput, example('validator-input.json'));
    expect(validate(input)).toEqual(decoded(ValidatorOutput, example('validator-output.json')));
    expect(JSON.parse(JSON.stringify(validate(input)))).toEqual(example('validator-output.json'));
  });

  it('the output example has every kind of verdict', () => {
    const { verdicts } = decoded(ValidatorOutput, example('validator-output.json'));
    expect(verdicts.map((verdict) => [verdict.index, verdict.valid, verdict.valid && verdict.highValue])).toEqual([
      [0, true, false],
      [1, true, true],
      [2, false, false],
      [3, false, false],
      [4, false, false],
    ]);
    expect(summarize(decoded(ValidatorOutput, example('validator-output.json')))).toEqual({ items: 5, valid: 2, invalid: 3, highValue: 1 });
  });

  it('dynamodb-item.json, rejected-order.json, rejected-conflict.json and rejected-file.json are what their codecs and the validator say', () => {
    const { verdicts, source, sourceAttributes } = decoded(ValidatorOutput, example('validator-output.json'));
    // What StoreOrder and RejectInvalidOrder send: the verdict merged with what the batch carries once.
    expect(decoded(DynamoDbItem, example('dynamodb-item.json'))).toEqual({ ...(verdicts[1] as ValidVerdict).item, ...sourceAttributes });
    expect(decoded(RejectedOrderMessage, example('rejected-order.json'))).toEqual({
      ...(verdicts[2] as InvalidVerdict).rejection,
      source: { ...source, index: verdicts[2]?.index },
    });
    const conflict = decoded(RejectedOrderMessage, example('rejected-conflict.json'));
    const stored = verdicts[1] as ValidVerdict;
    expect(conflict).toMatchObject({ id: stored.rejectionId, source: { index: stored.index }, order: stored.item, orderFormat: 'dynamodb-item' });
    const fileRejection = decoded(RejectedFileMessage, example('rejected-file.json'));
    expect(fileRejection.id).toBe(fileRejectionId(fileRejection.source));
  });

  it('orders-valid.json holds only valid orders, orders-mixed.json valid ones and each kind of invalid one', () => {
    const judge = (name: string) =>
      validate({ Items: (example(name) as unknown[]).map((raw, index) => ({ index, order: raw })), BatchInput: batchInput });
    expect(judge('orders-valid.json').verdicts.every((verdict) => verdict.valid)).toBe(true);
    const mixed = judge('orders-mixed.json').verdicts;
    expect(mixed.map((verdict) => (verdict.valid ? 'valid' : verdict.rejection.reasons.map((r) => `${r.path}: ${r.message}`).join(' | ')))).toEqual([
      'valid',
      'valid',
      'contact-info: missing',
      'price: must be greater than 0',
      'price: must have at most 2 decimals',
      'quantity: must be an integer of at least 1',
      'status: must be one of "delivered", "cancelled", "pending", "shipped"',
      'created_at: must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z | contact-info.email: must be an e-mail address',
      'order_id: must be a non-empty string of at most 128 characters | product: must be a non-empty string with visible text (not only spaces or invisible characters such as zero-width spaces) | quantity: must be an integer of at least 1 | price: must be a number (USD) greater than 0 | contact-info: must have an email or a phone',
      '(order): must be a JSON object',
      '(order): must be a JSON object',
      '(order): must be a JSON object',
    ]);
  });

  it('orders-not-an-array.json is JSON but not an array, orders-not-json.txt is not JSON', () => {
    expect(Array.isArray(example('orders-not-an-array.json'))).toBe(false);
    expect(() => example('orders-not-json.txt')).toThrow(SyntaxError);
  });
});

describe('validateBatch', () => {
  it('gives a valid order its DynamoDB item, content hash, high-value flag, alert and rejection id', () => {
    const verdict = valid({ ...order, channel: 'web', lines: [{ sku: 'A1', qty: 2 }] });
    expect(verdict).toMatchObject({ index: 7, valid: true, orderId: 'ord-1', highValue: true });
    expect(verdict.alert).toEqual({ subject: 'High Value Sale Alert', message: 'We just sold a Camera for $400.01!' });
    expect(verdict.item).toEqual(
      marshall({
        ...order,
        channel: 'web',
        lines: [{ sku: 'A1', qty: 2 }],
        content_hash: verdict.contentHash,
        source_index: 7,
      }),
    );
    expect(verdict.rejectionId).toBe(rejectionId({ bucket: 'lake', key: 'incoming/a.json', index: 7 }, { ...order, channel: 'web', lines: [{ sku: 'A1', qty: 2 }] }));
  });

  it('carries the order once (and its zone columns once) and the source once per batch: no rejection is built in advance, no item or rejection repeats the key', () => {
    const output = validateBatch({ highValueThreshold: 400, now: clock })({
      Items: [0, 1, 2].map((index) => ({ index, order: { ...order, order_id: `ord-${index}` } })),
      BatchInput: batchInput,
    });
    const text = JSON.stringify(output);
    expect(text.split('incoming/a.json').length - 1).toBe(2);
    // Once in each item, once in each zone verdict's sale (the zone's columns, no contact info).
    expect(text.split('"Camera"').length - 1).toBe(6);
    expect(JSON.stringify(output.zoneVerdicts)).not.toContain('example.com');
    expect(output.source).toEqual({ bucket: 'lake', key: 'incoming/a.json', versionId: 'v1' });
    expect(output.sourceAttributes).toEqual(
      marshall({ source_bucket: 'lake', source_key: 'incoming/a.json', source_version_id: 'v1', ingested_at: '2024-05-01T12:00:05.000Z' }),
    );
  });

  it('gives each batch an alert lease of AlertLeaseSeconds from its clock, as DynamoDB numbers of epoch seconds', () => {
    const output = validateBatch({ highValueThreshold: 400, now: clock })({ Items: [], BatchInput: batchInput });
    const now = Math.floor(clock().getTime() / 1000);
    expect(output.alertLease).toEqual({ now: String(now), until: String(now + AlertLeaseSeconds) });
    expect(AlertLeaseSeconds).toBeGreaterThan(5 * 60);
  });

  it('rejects an order whose product shows nothing (only a zero-width space)', () => {
    expect(invalid({ ...order, product: '\u200B' }).rejection.reasons).toEqual([{ path: 'product', message: expect.stringMatching(/visible text/) }]);
  });

  it('escapes control and bidi characters of the product in the alert text and stores the product as sent', () => {
    const verdict = valid({ ...order, product: 'Cam\u001b[31mera\u202E' });
    expect(verdict.alert?.message).toBe('We just sold a Cam\\x1b[31mera\\u{202e} for $400.01!');
    expect(verdict.item['product']).toEqual({ S: 'Cam\u001b[31mera\u202E' });
  });

  it('is not high value at the threshold, and then has no alert', () => {
    expect(valid({ ...order, price: 400 })).toMatchObject({ highValue: false, alert: null });
    expect(validateBatch({ highValueThreshold: 100, now: clock })({ Items: [{ index: 0, order: { ...order, price: 150 } }], BatchInput: batchInput }).verdicts[0]).toMatchObject({ highValue: true });
  });

  it('records an unversioned object (no versionId) with versionId null and no source_version_id', () => {
    const output = validate({ Items: [{ index: 7, order }], BatchInput: { ...batchInput, versionId: undefined } });
    expect(output.sourceAttributes['source_version_id']).toBeUndefined();
    expect(output.source.versionId).toBeNull();
  });

  it('rejects an invalid order, a non-object element included, with every reason and the raw order', () => {
    const verdict = invalid({ ...order, price: 0, 'contact-info': undefined });
    expect(verdict.rejection.reasons).toEqual([
      { path: 'price', message: 'must be greater than 0' },
      { path: 'contact-info', message: 'missing' },
    ]);
    expect(verdict.rejection.order).toEqual({ ...order, price: 0, 'contact-info': undefined });
    expect(invalid(17).rejection).toMatchObject({ reasons: [{ path: '(order)', message: 'must be a JSON object' }], order: 17 });
  });

  it("rejects the preparer's stub of an oversized order with its size and the limit, carrying nothing but the stub", () => {
    const stub = oversizedOrder(300_022);
    const verdict = verdictOf(stub) as InvalidVerdict;
    expect(verdict).toMatchObject({ index: 7, valid: false });
    expect(verdict.rejection).toEqual({
      type: 'order-rejected',
      id: rejectionId({ ...batchInput, index: 7 }, stub),
      reasons: [{ path: '(order)', message: 'is 300,022 bytes of JSON, more than the 32,768 an order may have' }],
      order: stub,
    });
  });

  it('rejects with the reason what DynamoDB would refuse, and fields named like the pipeline attributes', () => {
    const deep = JSON.parse(`${'['.repeat(33)}${']'.repeat(33)}`);
    expect(invalid({ ...order, tree: deep }).rejection.reasons).toEqual([
      { path: 'tree', message: 'nests deeper than the 32 levels DynamoDB can store' },
    ]);
    expect(valid({ ...order, tree: JSON.parse(`${'['.repeat(32)}${']'.repeat(32)}`) }).valid).toBe(true);
    expect(invalid({ ...order, big: 1e130, small: { tiny: [1e-131] } }).rejection.reasons).toEqual([
      { path: 'big', message: 'is a number DynamoDB cannot store (magnitude from 1E-130 to 9.99E+125, or 0)' },
      { path: 'small.tiny.0', message: 'is a number DynamoDB cannot store (magnitude from 1E-130 to 9.99E+125, or 0)' },
    ]);
    expect(valid({ ...order, big: 9.99e125, huge_integer: 1152921504606847000 }).item['huge_integer']).toEqual({ N: '1152921504606847000' });
    expect(invalid({ ...order, alerted_at: '2024-05-01T00:00:00Z' }).rejection.reasons).toEqual([
      { path: 'alerted_at', message: "is the name of one of the pipeline's own attributes; rename the field" },
    ]);
  });

  it('rejects an order that grows more than the bound as DynamoDB JSON', () => {
    const reasons = invalid({ ...order, values: Array.from({ length: 500 }, () => 1) }).rejection.reasons;
    expect(reasons).toHaveLength(1);
    expect(reasons[0]?.message).toMatch(/^has too many small values to carry: as DynamoDB JSON it takes \d+ bytes/);
    expect(valid({ ...order, lines: Array.from({ length: 100 }, (_, n) => ({ sku: `SKU-${n}`, qty: 2 })) }).valid).toBe(true);
  });

  it('stamps every item of a batch with the clock once, and keeps the items in order', () => {
    let calls = 0;
    const output = validateBatch({ highValueThreshold: 400, now: () => new Date(Date.UTC(2024, 4, 1, 0, 0, calls++)) })({
      Items: [5, 3, 9].map((index) => ({ index, order: { ...order, order_id: `ord-${index}` } })),
      BatchInput: batchInput,
    });
    expect(calls).toBe(1);
    expect(output.verdicts.map((verdict) => verdict.index)).toEqual([5, 3, 9]);
  });
});
