export type Cell = string | number | boolean | null;

/** A query's result: column names and rows of plain values, whichever engine ran it. */
export interface Rows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export const OutputFormats = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OutputFormats)[number];

const text = (cell: Cell): string => (cell === null ? '' : String(cell));

const csvField = (cell: Cell): string => {
  const value = text(cell);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

const isNumeric = (rows: Rows, column: number): boolean => rows.rows.every((row) => row[column] === null || typeof row[column] === 'number');

/** Columns padded to their widest cell, numbers right-aligned, a rule under the header and the row count last. */
const table = (rows: Rows): string => {
  const widths = rows.columns.map((name, column) => Math.max(name.length, ...rows.rows.map((row) => text(row[column] ?? null).length)));
  const line = (cells: readonly string[], numeric: (column: number) => boolean) =>
    cells
      .map((cell, column) => (numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const numericColumns = rows.columns.map((_, column) => isNumeric(rows, column));
  return [
    line(rows.columns, () => false),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.rows.map((row) => line(row.map(text), (column) => numericColumns[column] === true)),
    `(${rows.rows.length} ${rows.rows.length === 1 ? 'row' : 'rows'})`,
  ].join('\n');
};

/** The rows as text: an aligned table, CSV (RFC 4180, a header line) or JSON (one object per row). */
export const formatRows = (rows: Rows, format: OutputFormat): string => {
  switch (format) {
    case 'table':
      return table(rows) + '\n';
    case 'csv':
      return [rows.columns, ...rows.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
    case 'json':
      return JSON.stringify(rows.rows.map((row) => Object.fromEntries(rows.columns.map((name, column) => [name, row[column] ?? null])))) + '\n';
  }
};
