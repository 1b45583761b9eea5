import { OrderFields } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { columnName, ExcludedOrderFields, OrdersTable, ZoneTables } from './columns';
import { bindParameters, findReport, Reports } from './reports';

describe('zone columns', () => {
  it('carry every field of the order codec but contact info, hyphen-free', () => {
    const kept = Object.keys(OrderFields.props).filter((field) => !(ExcludedOrderFields as readonly string[]).includes(field));
    expect(OrdersTable.columns.map((column) => column.name)).toEqual(expect.arrayContaining(kept.map(columnName)));
    for (const table of ZoneTables) {
      for (const column of [...table.columns, table.partition]) expect(column.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(table.columns.map((column) => column.name)).not.toContain('contact_info');
    }
  });
});

describe('bindParameters', () => {
  const report = (name: string) => {
    const found = findReport(name);
    if (E.isLeft(found)) throw new Error(name);
    return found.right;
  };

  it('fills every placeholder in order, the range defaulting to the whole history', () => {
    expect(bindParameters(report('revenue-per-day'), { from: '2024-05-01', product: 'Camera' })).toEqual(
      E.right(['2024-05-01', '9999-12-31', 'Camera', 'Camera']),
    );
  });

  it('refuses a date that is not a calendar day, a reversed range and a missing required parameter', () => {
    expect(bindParameters(report('top-products'), { from: '2024-02-30' })).toEqual(
      E.left(expect.objectContaining({ _tag: 'BadParameter', parameter: 'from' })),
    );
    expect(bindParameters(report('top-products'), { from: '2024-05-02', to: '2024-05-01' })).toEqual(
      E.left(expect.objectContaining({ message: '--from 2024-05-02 is after --to 2024-05-01' })),
    );
    expect(bindParameters(report('revenue-per-hour'), {})).toEqual(E.left(expect.objectContaining({ parameter: 'day' })));
  });

  it('names the reports when one is unknown', () => {
    expect(findReport('revenue')).toEqual(E.left({ _tag: 'UnknownReport', name: 'revenue' }));
    expect(Reports.map((entry) => entry.name)).toContain('late-files');
  });
});
