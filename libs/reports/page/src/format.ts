/** Numbers as people read them (en-US, USD: the currency the orders' prices are in). */
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

export const formatDollars = (value: number): string => dollars.format(value);
export const formatCount = (value: number): string => count.format(value);
export const formatShare = (part: number, whole: number): string => (whole === 0 ? '–' : percent.format(part / whole));

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from an order file (a product name, a reason) is data, never markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);

/**
 * JSON inside a `<script type="application/json">`: no `<` can close the element, and the two line separators that
 * older parsers take for line ends are escaped too.
 */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
