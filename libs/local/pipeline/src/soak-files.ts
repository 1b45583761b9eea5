import { mockSales, type MockSale } from '@sales-pipeline/orders-domain';

export interface SoakFileSettings {
  readonly files: number;
  readonly ordersPerFile: number;
  /** Share of orders without contact info (the generator's INVALID_SHARE). */
  readonly invalidShare: number;
  /** The first file's nominal time; file n is n minutes later (it names and seeds the file's orders). */
  readonly startTime: Date;
}

export interface SoakFile {
  readonly key: string;
  readonly orders: readonly MockSale[];
}

/**
 * The soak's order files: the generator's mock sales, plus the repeats that make exactly-once hard. Each file ends
 * with its own first order again (the same order twice in one file); each file after the first also carries the
 * previous file's last order (the same order in two files, put at once); every fifth file carries the previous file's
 * second order with another price (a conflict: whichever file is stored first wins, the other is rejected).
 */
export const soakFiles = (settings: SoakFileSettings): readonly SoakFile[] => {
  const salesOf = (n: number) =>
    mockSales({ scheduledTime: new Date(settings.startTime.getTime() + n * 60_000).toISOString().replace('.000Z', 'Z'), count: settings.ordersPerFile, invalidShare: settings.invalidShare });
  const files = Array.from({ length: settings.files }, (_, n) => salesOf(n));
  return files.map((orders, n) => {
    const previous = files[n - 1] ?? [];
    const repeatedInFile = orders.slice(0, 1);
    const sharedWithPrevious = previous.slice(-1);
    const conflicting = n % 5 === 4 ? previous.slice(1, 2).map((order) => ({ ...order, price: Math.round(order.price * 100 + 100) / 100 })) : [];
    return { key: `incoming/soak/file-${String(n).padStart(5, '0')}.json`, orders: [...orders, ...repeatedInFile, ...sharedWithPrevious, ...conflicting] };
  });
};
