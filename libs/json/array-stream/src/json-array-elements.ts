import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** A parsed JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The top-level elements of a JSON array read from a stream of bytes, one JSON text at a time, so a file of any size
 * is read in bounded memory: one element at a time (what the local ItemReader's `InputType: JSON` reads, and what the
 * order-file preparer streams; no maintained npm splitter yields the raw element texts without building a token
 * stream per value). Each element text is left to JSON.parse, which is what validates it; this scanner only finds
 * where elements start and end (strings, escapes and nesting).
 */
export type JsonArrayProblem =
  | { readonly _tag: 'NotAnArray'; readonly firstCharacter: string }
  | { readonly _tag: 'InvalidJson'; readonly message: string };

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN = new Set([0x5b, 0x7b]);
const CLOSE = new Set([0x5d, 0x7d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_ARRAY = 0x5d;
const OPEN_ARRAY = 0x5b;

export class JsonArrayError extends Error {
  constructor(readonly problem: JsonArrayProblem) {
    super(problem._tag === 'NotAnArray' ? `the JSON text starts with ${problem.firstCharacter}, not [` : problem.message);
  }
}

/**
 * Where a JSON text stops parsing and why, never what it says there: Node's parser messages quote the text
 * (`Unexpected token 'o', "order_id,c"... is not valid JSON`), and a file's first characters can be contact info.
 */
export const parseErrorPosition = (text: string): string => {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return 'the parser gave no position';
  const lines = text.slice(0, first.offset).split('\n');
  return `${printParseErrorCode(first.error)} at character ${first.offset}, line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`;
};

/** One element's value; an element that is not JSON names its number and the position in it, quoting nothing. */
export const parseElement = (text: string, index: number): JsonValue => {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new JsonArrayError({ _tag: 'InvalidJson', message: `array element ${index}: ${parseErrorPosition(text)}` });
  }
};

/** `other`: the body does not start with `[`; it is read whole to tell a JSON value that is not an array from no JSON. */
type Phase = 'start' | 'first' | 'element' | 'end' | 'other';

/** Yields each element's text in order; throws a JsonArrayError for a body that is not one JSON array. */
export async function* jsonArrayElements(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let phase: Phase = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: Buffer[] = [];
  const invalid = (message: string) => new JsonArrayError({ _tag: 'InvalidJson', message });
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let elementStart = phase === 'element' ? 0 : -1;
    if (phase === 'other') {
      pieces.push(Buffer.from(bytes));
      continue;
    }
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = bytes.readUInt8(i);
      if (phase === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (OPEN.has(byte)) depth += 1;
        else if (depth > 0 && CLOSE.has(byte)) depth -= 1;
        else if (depth === 0 && (byte === COMMA || byte === CLOSE_ARRAY)) {
          pieces.push(bytes.subarray(elementStart, i));
          const text = Buffer.concat(pieces).toString('utf8').trim();
          pieces = [];
          if (text === '') throw invalid('an array element is missing (two commas, or a trailing comma)');
          yield text;
          phase = byte === COMMA ? 'element' : 'end';
          elementStart = i + 1;
        }
        continue;
      }
      if (WHITESPACE.has(byte)) continue;
      if (phase === 'start') {
        if (byte === OPEN_ARRAY) phase = 'first';
        else {
          phase = 'other';
          pieces.push(Buffer.from(bytes.subarray(i)));
          break;
        }
      } else if (phase === 'first') {
        if (byte === CLOSE_ARRAY) phase = 'end';
        else {
          phase = 'element';
          elementStart = i;
          i -= 1;
        }
      } else {
        throw invalid('more text after the end of the array');
      }
    }
    if (phase === 'element' && elementStart >= 0 && elementStart < bytes.length) pieces.push(Buffer.from(bytes.subarray(elementStart)));
  }
  if (phase === 'other') {
    const text = Buffer.concat(pieces).toString('utf8');
    try {
      JSON.parse(text);
    } catch {
      throw invalid(parseErrorPosition(text));
    }
    throw new JsonArrayError({ _tag: 'NotAnArray', firstCharacter: text.trim().charAt(0) });
  }
  if (phase !== 'end') throw invalid(phase === 'start' ? 'the body is empty' : 'the array is not closed (the body ends inside it)');
}
