import { expressGbSeconds, itemBytes, lambdaGbSeconds, payloadRequests, readRequestUnits, writeRequestUnits } from './billing-units';

describe('billing units, as each pricing page defines them', () => {
  it('DynamoDB writes: one unit per started 1 KB, at least one', () => {
    expect([0, 1, 1024, 1025, 3072].map(writeRequestUnits)).toEqual([1, 1, 1, 2, 3]);
  });

  it('DynamoDB reads: one unit per started 4 KB strongly consistent, half of that eventually consistent', () => {
    expect(readRequestUnits(0, 'strong')).toBe(1);
    expect(readRequestUnits(4096, 'strong')).toBe(1);
    expect(readRequestUnits(4097, 'strong')).toBe(2);
    expect(readRequestUnits(100, 'eventual')).toBe(0.5);
  });

  it('SQS and SNS: one request per started 64 KB', () => {
    expect([1, 65_536, 65_537, 256 * 1024].map(payloadRequests)).toEqual([1, 1, 2, 4]);
  });

  it('Express: 100 ms steps (at least one) at 64 MB steps', () => {
    // 1 ms bills 0.1 s at 64 MB: 0.1 × 0.0625 GB.
    expect(expressGbSeconds(1, 64)).toBeCloseTo(0.00625, 12);
    // 250 ms bills 0.3 s; 100 MB bills 128 MB = 0.125 GB.
    expect(expressGbSeconds(250, 100)).toBeCloseTo(0.0375, 12);
    expect(expressGbSeconds(100, 64)).toBeCloseTo(0.00625, 12);
  });

  it('Lambda: 1 ms steps at the configured memory', () => {
    // 10.2 ms bills 11 ms at 256 MB: 0.011 × 0.25 GB.
    expect(lambdaGbSeconds(10.2, 256)).toBeCloseTo(0.00275, 12);
    expect(lambdaGbSeconds(0.3, 1024)).toBeCloseTo(0.001, 12);
  });

  it('item size: attribute names plus values by DynamoDB\'s rules (strings in UTF-8, numbers by significant digits, maps and lists with overhead)', () => {
    expect(itemBytes({ order_id: { S: 'abc' } })).toBe(8 + 3);
    expect(itemBytes({ product: { S: 'Café' } })).toBe(7 + 5);
    // 456.65: five significant digits → 3 bytes, plus 1.
    expect(itemBytes({ price: { N: '456.65' } })).toBe(5 + 4);
    // 10 → 1 significant digit → 1 byte, plus 1; 0.0050 → 5 → 2 bytes.
    expect(itemBytes({ n: { N: '10' }, m: { N: '0.0050' } })).toBe(1 + 2 + 1 + 2);
    // Map: 3 bytes, then per element 1 byte + name + value.
    expect(itemBytes({ 'contact-info': { M: { email: { S: 'a@b.co' } } } })).toBe(12 + 3 + 1 + 5 + 6);
    // List: 3 bytes, then per element 1 byte + value.
    expect(itemBytes({ tags: { L: [{ S: 'x' }, { N: '10' }] } })).toBe(4 + 3 + (1 + 1) + (1 + 2));
    // Sets: the sum of their elements, each sized as a single S, N or B ('bé' is 3 bytes; 456.65 is 3 + 1).
    expect(itemBytes({ tags: { SS: ['a', 'bé'] }, ns: { NS: ['10', '456.65'] }, bs: { BS: [Buffer.from('hi').toString('base64')] } })).toBe(4 + 4 + (2 + 2 + 4) + (2 + 2));
    expect(itemBytes({ ok: { BOOL: true }, gone: { NULL: true }, bin: { B: Buffer.from('hello').toString('base64') } })).toBe(2 + 1 + 4 + 1 + 3 + 5);
  });
});
