import { soakFiles } from './soak-files';

const settings = { files: 10, ordersPerFile: 25, invalidShare: 0.1, startTime: new Date('2026-12-01T00:00:00Z') };

describe('soakFiles', () => {
  const files = soakFiles(settings);

  it('is deterministic in its settings, with one key per file', () => {
    expect(soakFiles(settings)).toEqual(files);
    expect(new Set(files.map((file) => file.key)).size).toBe(10);
  });

  it('repeats an order inside each file and shares one with the previous file', () => {
    files.forEach((file, n) => {
      const ids = file.orders.map((order) => order.order_id);
      expect(ids.filter((id) => id === ids[0])).toHaveLength(2);
      if (n > 0) expect(file.orders).toContainEqual(files[n - 1]?.orders[settings.ordersPerFile - 1]);
    });
  });

  it('makes every fifth file conflict with the previous one: same order id, other price', () => {
    const [conflict] = files[4]?.orders.slice(-1) ?? [];
    const original = files[3]?.orders[1];
    expect(conflict?.order_id).toBe(original?.order_id);
    expect(conflict?.price).not.toBe(original?.price);
    expect(files[3]?.orders).toHaveLength(settings.ordersPerFile + 2);
    expect(files[4]?.orders).toHaveLength(settings.ordersPerFile + 3);
  });
});
