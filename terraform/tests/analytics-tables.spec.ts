import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { glueTables } from '@sales-pipeline/analytics-zone';
import { OrderFields } from '@sales-pipeline/orders-domain';

/**
 * The Glue tables of modules/analytics read their columns from tables.json; this keeps that file equal to the zone's
 * codec, whose order columns derive from the order codec. After changing either: node tools/write-analytics-tables.mjs
 */
const tablesJson = JSON.parse(readFileSync(join(__dirname, '..', 'modules', 'analytics', 'tables.json'), 'utf8')) as unknown;

describe('modules/analytics/tables.json', () => {
  it('is the zone codec, column for column (node tools/write-analytics-tables.mjs writes it)', () => {
    expect(tablesJson).toEqual(glueTables());
  });

  it('has a column for every field of the order codec but contact info', () => {
    const orderColumns = (glueTables()['orders']?.columns ?? []).map((column) => column.name);
    const fields = Object.keys(OrderFields.props).filter((field) => field !== 'contact-info');
    expect(orderColumns).toEqual(expect.arrayContaining(fields.map((field) => field.replace(/-/g, '_'))));
    const allColumns = Object.values(glueTables()).flatMap((table) => table.columns.map((column) => column.name));
    expect(allColumns.filter((name) => /contact|email|phone/.test(name))).toEqual([]);
  });
});
