import { createHash } from 'node:crypto';

class Text {
  constructor(readonly text: string) {}
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

/**
 * JSON text with object keys sorted recursively (arrays keep their order), so that two orders that differ only in
 * key order have the same text and the same hash; otherwise the same bytes as `JSON.stringify`. `undefined` (no JSON
 * value at all) is written as `null`. Iterative, not recursive: an array element nested thousands of levels deep
 * (a hostile order file) must give a rejection, not a stack overflow.
 */
export const canonicalJson = (value: unknown): string => {
  const out: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next instanceof Text) {
      out.push(next.text);
    } else if (Array.isArray(next)) {
      const parts: unknown[] = [new Text('[')];
      next.forEach((element, index) => parts.push(...(index > 0 ? [new Text(',')] : []), element ?? null));
      parts.push(new Text(']'));
      pending.push(...parts.reverse());
    } else if (isRecord(next)) {
      const keys = Object.keys(next)
        .filter((key) => next[key] !== undefined)
        .sort();
      const parts: unknown[] = [new Text('{')];
      keys.forEach((key, index) => parts.push(new Text(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`), next[key]));
      parts.push(new Text('}'));
      pending.push(...parts.reverse());
    } else {
      out.push(JSON.stringify(next) ?? 'null');
    }
  }
  return out.join('');
};

/** How deeply arrays and objects nest in a JSON value (0 for a scalar, 1 for `[]` or `{"a":1}`). Iterative. */
export const nestingDepth = (value: unknown): number => {
  let deepest = 0;
  const pending: Array<readonly [unknown, number]> = [[value, 0]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [next, depth] = entry;
    if (!isRecord(next)) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(next)) if (isRecord(child)) pending.push([child, depth + 1]);
  }
  return deepest;
};

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Bytes of the value's JSON text (UTF-8), as `JSON.stringify` would write it. */
export const jsonBytes = (value: unknown): number => utf8Bytes(canonicalJson(value));
