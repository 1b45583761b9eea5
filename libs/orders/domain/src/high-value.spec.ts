import { isHighValue } from './high-value';

describe('isHighValue', () => {
  it('is strictly above the threshold', () => {
    expect(isHighValue(400)(400.01)).toBe(true);
    expect(isHighValue(400)(400)).toBe(false);
  });
});
