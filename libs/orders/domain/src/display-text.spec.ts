import { displaySafe, hasVisibleText, withoutInvisible } from './display-text';
import { highValueAlert } from './high-value';

describe('display-safe text', () => {
  it('keeps ordinary text, accents, emoji and other scripts as they are', () => {
    for (const text of ['Laptop', 'Café crème', 'Ноутбук 15"', '笔记本电脑', 'Headphones 🎧', 'Monitor — 27″']) expect(displaySafe(text)).toBe(text);
  });

  it('writes ANSI escape sequences, control characters and DEL as visible escapes', () => {
    expect(displaySafe('\u001b[31mRED\u001b[0m')).toBe('\\x1b[31mRED\\x1b[0m');
    expect(displaySafe('a\rb\nc\td\u0007e\u0008f\u007fg\u009bh')).toBe('a\\rb\\nc\\td\\x07e\\x08f\\x7fg\\x9bh');
    expect(displaySafe('\u0000')).toBe('\\x00');
  });

  it('writes bidi overrides, isolates and marks and zero-width characters as visible escapes', () => {
    expect(displaySafe('Laptop\u202Egpj.exe')).toBe('Laptop\\u{202e}gpj.exe');
    expect(displaySafe('\u2066a\u2069\u200E\u200F\u061C')).toBe('\\u{2066}a\\u{2069}\\u{200e}\\u{200f}\\u{61c}');
    expect(displaySafe('Lap\u200Btop\uFEFF')).toBe('Lap\\u{200b}top\\u{feff}');
  });

  it('leaves nothing in the result that a terminal would interpret', () => {
    const hostile = Array.from({ length: 0x2070 }, (_, codePoint) => String.fromCodePoint(codePoint)).join('');
    const steering = (codePoint: number) => codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f) || (codePoint >= 0x200b && codePoint <= 0x200f) || (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069);
    expect(Array.from(displaySafe(hostile), (character) => character.codePointAt(0) ?? 0).filter(steering)).toEqual([]);
  });

  it('tells visible text from text that is only whitespace or invisible characters', () => {
    expect(hasVisibleText('Laptop')).toBe(true);
    expect(hasVisibleText(' \u200B ')).toBe(false);
    expect(hasVisibleText('\u2060\uFEFF\u200D')).toBe(false);
    expect(hasVisibleText('')).toBe(false);
    expect(withoutInvisible('La\u200Bp\u200Dtop')).toBe('Laptop');
  });

  it("is what the alert e-mail shows of the product: escaped, while the order itself keeps what was sent", () => {
    const order = { product: 'Monitor\u001b[2J\u202E', price: 450 };
    expect(highValueAlert(order).message).toBe('We just sold a Monitor\\x1b[2J\\u{202e} for $450.00!');
    expect(order.product).toBe('Monitor\u001b[2J\u202E');
  });
});
