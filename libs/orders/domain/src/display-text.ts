/**
 * Text from an order made safe to show in a terminal or an e-mail: the characters that could steer a terminal or
 * reorder what a reader sees are written as visible escapes; everything else is kept. The stored order keeps what
 * was sent; only what is displayed is escaped.
 *
 * - C0 and C1 control characters (ESC of ANSI sequences, CR, BEL, backspace, ...) and DEL: `\x1b`, `\r`, `\x7f`
 * - bidirectional formatting (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) and the invisible characters below:
 *   `\u{202e}`; a lone UTF-16 surrogate (ill-formed text no e-mail can carry): `\u{d800}`
 */

/** Code points that show nothing: soft hyphen, joiners, zero-width and bidi marks, variation selectors, BOM, fillers. */
const invisibleRanges: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
];

/** Lone UTF-16 surrogates (Array.from yields them as code points of their own): ill-formed text, escaped too. */
const isSurrogate = (codePoint: number): boolean => codePoint >= 0xd800 && codePoint <= 0xdfff;
const isInvisible = (codePoint: number): boolean =>
  isSurrogate(codePoint) || invisibleRanges.some(([first, last]) => codePoint >= first && codePoint <= last);
/** C0 and C1 control characters and DEL. */
const isControl = (codePoint: number): boolean => codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f);

const escapeOf = (character: string, codePoint: number): string => {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  if (character === '\t') return '\\t';
  return codePoint <= 0xff ? `\\x${codePoint.toString(16).padStart(2, '0')}` : `\\u{${codePoint.toString(16)}}`;
};

const mapCodePoints = (text: string, each: (character: string, codePoint: number) => string): string =>
  Array.from(text, (character) => each(character, character.codePointAt(0) ?? 0)).join('');

/** The text with every control, bidi and invisible character written as a visible escape. */
export const displaySafe = (text: string): string =>
  mapCodePoints(text, (character, codePoint) => (isControl(codePoint) || isInvisible(codePoint) ? escapeOf(character, codePoint) : character));

/** The text without its invisible characters (zero-width and bidi marks, variation selectors, BOM, fillers). */
export const withoutInvisible = (text: string): string => mapCodePoints(text, (character, codePoint) => (isInvisible(codePoint) ? '' : character));

/** Whether the text shows anything: not empty once whitespace and invisible characters are removed. */
export const hasVisibleText = (text: string): boolean => withoutInvisible(text).trim().length > 0;
