export const isHighValue =
  (threshold: number) =>
  (price: number): boolean =>
    price > threshold;
