import { JsonArrayError, jsonArrayElements } from './json-array-elements';

/** The body cut into chunks of `size` bytes, so elements, strings and escapes straddle chunk boundaries. */
async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

const elements = async (text: string, size = 3): Promise<unknown[]> => {
  const found: unknown[] = [];
  for await (const element of jsonArrayElements(chunked(text, size))) found.push(JSON.parse(element));
  return found;
};

const problemOf = async (text: string) => elements(text).then(
  () => undefined,
  (error: unknown) => (error instanceof JsonArrayError ? error.problem._tag : String(error)),
);

describe('jsonArrayElements', () => {
  const values = [{ a: '],[{"', b: [1, { c: 'x\\"]' }] }, 'plain', 42, null, true, [[]], { 'é': 'ünïcode ✓' }];

  it.each([1, 2, 3, 7, 1024])('yields every element of an array cut into %i-byte chunks, in order', async (size) => {
    expect(await elements(` \n${JSON.stringify(values, null, 2)}\n `, size)).toEqual(values);
  });

  it('yields nothing for an empty array', async () => {
    expect(await elements('[ ]')).toEqual([]);
  });

  it.each([
    ['an object', '{"order_id": "o-1"}', 'NotAnArray'],
    ['a number', '12', 'NotAnArray'],
    ['truncated JSON that is not an array', '{"order_id": "o-1",', 'InvalidJson'],
    ['an array that is not closed', '[{"a": 1}, {"b"', 'InvalidJson'],
    ['a trailing comma', '[1, 2,]', 'InvalidJson'],
    ['text after the array', '[1] x', 'InvalidJson'],
    ['an empty body', '', 'InvalidJson'],
  ])('refuses %s', async (_, text, problem) => {
    expect(await problemOf(text)).toBe(problem);
  });
});
