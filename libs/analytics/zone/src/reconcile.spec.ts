import { describeReconciliation, reconcile } from './reconcile';

const figure = (orderId: string, saleDate: string, value: number) => ({ orderId, saleDate, value });

describe('reconcile', () => {
  const table = [figure('a', '2024-05-01', 0.1), figure('b', '2024-05-01', 0.2), figure('c', '2024-05-02', 455)];

  it('matches when the zone holds exactly the stored orders (sums in cents: 0.1 + 0.2 equals 0.3)', () => {
    const result = reconcile([figure('c', '2024-05-02', 455), figure('b', '2024-05-01', 0.2), figure('a', '2024-05-01', 0.1)], table);
    expect(result).toEqual({
      days: [
        { saleDate: '2024-05-01', zoneOrders: 2, tableOrders: 2, zoneRevenue: 0.3, tableRevenue: 0.3 },
        { saleDate: '2024-05-02', zoneOrders: 1, tableOrders: 1, zoneRevenue: 455, tableRevenue: 455 },
      ],
      missingInZone: [],
      missingInTable: [],
      duplicatedInZone: [],
      matches: true,
    });
    expect(describeReconciliation(result).at(-1)).toBe('zone and table match');
  });

  it('names the ids missing on either side and those the zone holds twice', () => {
    const result = reconcile([figure('a', '2024-05-01', 0.1), figure('a', '2024-05-01', 0.1), figure('x', '2024-05-03', 5)], table);
    expect(result).toEqual(
      expect.objectContaining({ missingInZone: ['b', 'c'], missingInTable: ['x'], duplicatedInZone: ['a'], matches: false }),
    );
    const lines = describeReconciliation(result, 1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'missing in the zone (2): b, …',
        'missing in the table (1): x',
        'more than once in the zone (1): a',
        'zone and table DIFFER',
      ]),
    );
    expect(lines.filter((line) => line.endsWith('DIFFERS'))).toHaveLength(3);
  });
});
