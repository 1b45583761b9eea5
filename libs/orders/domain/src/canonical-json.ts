import { createHash } from 'node:crypto';

/**
 * JSON text with object keys sorted recursively (arrays keep their order), so that two orders that differ only in
 * key order have the same text and the same hash. `undefined` (no JSON value at all) is written as `null`.
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value)) ?? 'null';

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
};

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
