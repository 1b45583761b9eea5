/**
 * How each service turns one operation into billed units, as its pricing page defines them. Pure arithmetic on
 * sizes and durations; the prices live in prices.ts.
 */

const KIB = 1024;

/** DynamoDB on-demand: one write request unit per started 1 KB of the item (a failed conditional write consumes too). */
export const writeRequestUnits = (itemBytes: number): number => Math.max(1, Math.ceil(itemBytes / KIB));

/** DynamoDB on-demand: one read request unit per started 4 KB for a strongly consistent read, half for an eventual one. */
export const readRequestUnits = (itemBytes: number, consistency: 'strong' | 'eventual'): number => {
  const units = Math.max(1, Math.ceil(itemBytes / (4 * KIB)));
  return consistency === 'strong' ? units : units / 2;
};

/** SQS and SNS: every started 64 KB of a payload is billed as one request. */
export const payloadRequests = (payloadBytes: number): number => Math.max(1, Math.ceil(payloadBytes / (64 * KIB)));

/** Express workflows: duration rounded up to the next 100 ms, memory in 64 MB steps. */
export const expressGbSeconds = (durationMs: number, memoryMb: number): number => {
  const billedSeconds = Math.max(1, Math.ceil(durationMs / 100)) / 10;
  const billedGb = (Math.max(1, Math.ceil(memoryMb / 64)) * 64) / KIB;
  return billedSeconds * billedGb;
};

/** Lambda: duration rounded up to the next millisecond, at the configured memory. */
export const lambdaGbSeconds = (durationMs: number, memoryMb: number): number => (Math.max(1, Math.ceil(durationMs)) / 1000) * (memoryMb / KIB);

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number's size in DynamoDB: one byte per two significant digits, plus one (leading and trailing zeros trimmed). */
const numberBytes = (text: string): number => {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
};

const elements = (content: unknown): readonly unknown[] => (Array.isArray(content) ? content : []);
const fields = (content: unknown): readonly [string, unknown][] =>
  typeof content === 'object' && content !== null && !Array.isArray(content) ? Object.entries(content) : [];

/** The size of one attribute value in DynamoDB JSON, by DynamoDB's item-size rules. */
const attributeValueBytes = (value: unknown): number => {
  const [type, content] = fields(value)[0] ?? [];
  switch (type) {
    case 'S':
      return utf8Bytes(String(content));
    case 'N':
      return numberBytes(String(content));
    case 'B':
      return Buffer.from(String(content), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
    case 'NS':
    case 'BS':
      // A set is the sum of its elements, each sized as a single value of its type (S, N or B).
      return elements(content).reduce<number>((sum, element) => sum + attributeValueBytes({ [type.charAt(0)]: element }), 0);
    case 'L':
      return 3 + elements(content).reduce<number>((sum, element) => sum + 1 + attributeValueBytes(element), 0);
    case 'M':
      return 3 + fields(content).reduce<number>((sum, [name, element]) => sum + 1 + utf8Bytes(name) + attributeValueBytes(element), 0);
    default:
      return 0;
  }
};

/** An item's size in DynamoDB: every attribute's name (UTF-8) plus its value. */
export const itemBytes = (item: Readonly<Record<string, unknown>>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + attributeValueBytes(value), 0);
