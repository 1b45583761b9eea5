import { highValueAlert, isHighValue } from './high-value';

describe('high value', () => {
  it('is strictly above the threshold, whatever the threshold', () => {
    expect(isHighValue(400)(400.01)).toBe(true);
    expect(isHighValue(400)(400)).toBe(false);
    expect(isHighValue(100)(100.5)).toBe(true);
    expect(isHighValue(500)(450)).toBe(false);
  });

  it('alerts with the subject and the text of the design, the price in dollars and cents', () => {
    expect(highValueAlert({ product: 'Laptop', price: 450.5 })).toEqual({
      subject: 'High Value Sale Alert',
      message: 'We just sold a Laptop for $450.50!',
    });
  });
});
