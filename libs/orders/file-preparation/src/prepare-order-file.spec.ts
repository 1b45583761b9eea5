import { MaxOrderJsonBytes } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { prepareOrderFile, type OrderFileVersion, type PreparationPorts } from './prepare-order-file';
import { MaxObjectKeyBytes, preparedOrderFileKey } from './prepared-key';

const file: OrderFileVersion = { bucket: 'lake', key: 'incoming/uploads/big.json', versionId: 'v1' };
const order = (id: string, extra: Record<string, unknown> = {}) => ({ order_id: id, price: 10, ...extra });

/** An object store in memory: bodies served in chunks of `chunkBytes`, writes kept, reads counted. */
const memoryStore = (body: string, chunkBytes = 1000) => {
  const written = new Map<string, string>();
  let reads = 0;
  const ports: PreparationPorts = {
    readStream: () => {
      reads += 1;
      const bytes = Buffer.from(body, 'utf8');
      return TE.right(
        (async function* () {
          for (let start = 0; start < bytes.length; start += chunkBytes) yield bytes.subarray(start, start + chunkBytes);
        })(),
      );
    },
    writeStream: ({ key, body: parts }) =>
      TE.tryCatch(
        async () => {
          let text = '';
          for await (const part of parts) text += part;
          written.set(key, text);
          return { versionId: 'prepared-v1' };
        },
        () => ({ errorName: 'WriteFailed', message: 'write failed' }),
      ),
  };
  return { ports, written, reads: () => reads };
};

const prepare = (ports: PreparationPorts) => prepareOrderFile(ports, { preparedPrefix: 'prepared/' })(file)();

describe('prepareOrderFile', () => {
  const big = order('big', { notes: 'x'.repeat(300_000) });
  const bigBytes = Buffer.byteLength(JSON.stringify(big), 'utf8');

  it('copies the file with the oversized order replaced by its size, every other order as it was', async () => {
    const orders = [order('a'), big, order('b', { note: 'é ✓' })];
    const store = memoryStore(JSON.stringify(orders, null, 2), 777);
    const result = await prepare(store.ports);
    const key = 'prepared/incoming/uploads/big.json/v1.json';
    expect(result).toEqual(E.right({ key, versionId: 'prepared-v1', orders: 3, oversizedOrders: 1 }));
    expect(JSON.parse(store.written.get(key) ?? 'null')).toEqual([orders[0], { oversizedOrder: { bytes: bigBytes } }, orders[2]]);
    expect(store.reads()).toBe(2);
  });

  it('measures an order as the ItemReader hands it on (compact JSON): exactly at the cap it stays, one byte over it goes', async () => {
    const padding = (total: number) => 'y'.repeat(total - Buffer.byteLength(JSON.stringify(order('edge', { p: '' })), 'utf8'));
    const atCap = order('edge', { p: padding(MaxOrderJsonBytes) });
    const overCap = order('edge', { p: padding(MaxOrderJsonBytes + 1) });
    const store = memoryStore(JSON.stringify([atCap, overCap], null, 8));
    const result = await prepare(store.ports);
    expect(E.isRight(result) && result.right.oversizedOrders).toBe(1);
    const [kept, replaced] = JSON.parse([...store.written.values()][0] ?? '[]') as unknown[];
    expect(kept).toEqual(atCap);
    expect(replaced).toEqual({ oversizedOrder: { bytes: MaxOrderJsonBytes + 1 } });
  });

  it('leaves a file without an oversized order as it is: read once, nothing written', async () => {
    const store = memoryStore(JSON.stringify([order('a'), order('b')]));
    expect(await prepare(store.ports)).toEqual(E.right({ key: file.key, versionId: 'v1', orders: 2, oversizedOrders: 0 }));
    expect(store.written.size).toBe(0);
    expect(store.reads()).toBe(1);
  });

  it.each([
    ['not JSON', 'jane@example.com,Laptop,2'],
    ['JSON but not an array', JSON.stringify(big)],
    ['an array with a broken element', `[${JSON.stringify(big)}, {"a" 1}]`],
  ])('leaves a file that is %s to the ItemReader, which rejects it as it always does', async (_, body) => {
    const store = memoryStore(body);
    expect(await prepare(store.ports)).toEqual(E.right({ key: file.key, versionId: 'v1', orders: 0, oversizedOrders: 0 }));
    expect(store.written.size).toBe(0);
  });

  it('fails as OrderFileUnreadable when the file cannot be read, or its stream breaks off', async () => {
    const refused: PreparationPorts = { ...memoryStore('[]').ports, readStream: () => TE.left({ errorName: 'NoSuchVersion', message: 'gone' }) };
    expect(await prepare(refused)).toEqual(E.left({ _tag: 'OrderFileUnreadable', ...file, errorName: 'NoSuchVersion', message: 'gone' }));
    const broken: PreparationPorts = {
      ...memoryStore('[]').ports,
      readStream: () =>
        TE.right(
          (async function* () {
            yield Buffer.from('[{"a": 1},');
            throw new Error('socket hang up');
          })(),
        ),
    };
    expect(await prepare(broken)).toEqual(E.left({ _tag: 'OrderFileUnreadable', ...file, errorName: 'Error', message: 'socket hang up' }));
  });

  it('fails as PreparedFileNotWritten when the copy cannot be written', async () => {
    const store = memoryStore(JSON.stringify([big]));
    const ports: PreparationPorts = { ...store.ports, writeStream: () => TE.left({ errorName: 'AccessDenied', message: 'no' }) };
    expect(await prepare(ports)).toEqual(
      E.left({ _tag: 'PreparedFileNotWritten', bucket: 'lake', preparedKey: 'prepared/incoming/uploads/big.json/v1.json', errorName: 'AccessDenied', message: 'no' }),
    );
  });
});

describe('preparedOrderFileKey', () => {
  it('names the copy after the key and version, null for an unversioned object', () => {
    expect(preparedOrderFileKey('prepared/', 'incoming/a b.json', null)).toBe('prepared/incoming/a b.json/null.json');
  });

  it('names it by the SHA-256 of a key too long for S3 beside the prefix', () => {
    const key = `incoming/${'k'.repeat(1000)}`;
    const prepared = preparedOrderFileKey('prepared/', key, 'v1');
    expect(prepared).toMatch(/^prepared\/sha256\/[0-9a-f]{64}\/v1\.json$/);
    expect(Buffer.byteLength(prepared)).toBeLessThanOrEqual(MaxObjectKeyBytes);
  });
});

describe('what an element may grow to', () => {
  it('counts a short element whose numbers JSON writes out longer, as the ItemReader hands it on', async () => {
    const numbers = Array.from({ length: 2_000 }, () => '1e20').join(',');
    const text = `{"order_id":"grows","n":[${numbers}]}`;
    expect(Buffer.byteLength(text)).toBeLessThan(MaxOrderJsonBytes);
    const store = memoryStore(`[${text}]`);
    const result = await prepare(store.ports);
    const grown = Buffer.byteLength(JSON.stringify(JSON.parse(text)));
    expect(grown).toBeGreaterThan(MaxOrderJsonBytes);
    expect(result).toEqual(E.right(expect.objectContaining({ oversizedOrders: 1 })));
    expect(JSON.parse([...store.written.values()][0] ?? '[]')).toEqual([{ oversizedOrder: { bytes: grown } }]);
  });
});
