import { bill, billPerMillionOrders, perMillionOrders } from './bill';
import { US_EAST_1 } from './prices';
import { addUsage, noUsage } from './usage';

describe('bill: operation counts to USD with the one price table', () => {
  it('prices a million of each operation at the list prices', () => {
    const usage = addUsage(noUsage, {
      standardTransitions: 1_000_000,
      expressRequests: 1_000_000,
      expressGbSeconds: 1_000_000,
      lambdaRequests: 1_000_000,
      lambdaGbSeconds: 1_000_000,
      dynamodbWriteUnits: 1_000_000,
      dynamodbReadUnits: 1_000_000,
      sqsRequests: 1_000_000,
      snsPublishes: 1_000_000,
      alertPublishes: 100_000,
      s3Puts: 1_000,
      s3Gets: 1_000,
      logBytes: 1024 ** 3,
      xrayTraces: 1_000_000,
    });
    const result = bill(usage, US_EAST_1, 2);
    expect(result.byService['Step Functions Standard']).toBeCloseTo(25, 9);
    expect(result.byService['Step Functions Express']).toBeCloseTo(1 + 16.67, 9);
    expect(result.byService.Lambda).toBeCloseTo(0.2 + 13.3334, 9);
    expect(result.byService.DynamoDB).toBeCloseTo(0.625 + 0.125, 9);
    expect(result.byService.SQS).toBeCloseTo(0.4, 9);
    expect(result.byService.SNS).toBeCloseTo(0.5, 9);
    expect(result.byService.S3).toBeCloseTo(0.005 + 0.0004, 9);
    expect(result.byService['CloudWatch Logs (estimate)']).toBeCloseTo(0.5, 9);
    expect(result.byService['X-Ray (estimate)']).toBeCloseTo(5, 9);
    // 100,000 alerts e-mailed: $2 per address, two addresses.
    expect(result.emailPerAddress).toBeCloseTo(2, 9);
    expect(result.total).toBeCloseTo(25 + 17.67 + 13.5334 + 0.75 + 0.4 + 0.5 + 0.0054 + 0.5 + 5 + 4, 9);
    expect(bill(usage, US_EAST_1).total).toBeCloseTo(result.total - 4, 9);
  });

  it('one 25-order file, by hand: 2 parent transitions + 1 child, 1 validator call of 40 ms at 256 MB, 20 puts, 5 rejections, 3 alerts', () => {
    const usage = addUsage(noUsage, {
      standardTransitions: 3,
      expressRequests: 1,
      expressGbSeconds: 0.00625,
      lambdaRequests: 1,
      lambdaGbSeconds: 0.04 * 0.25,
      dynamodbWriteUnits: 20 + 3,
      sqsRequests: 5,
      snsPublishes: 3,
      alertPublishes: 3,
      s3Puts: 3,
      s3Gets: 1,
    });
    const perFile =
      3 * 0.000025 + (0.000001 + 0.00625 * 0.00001667) + (0.0000002 + 0.01 * 0.0000133334) + 23 * 0.000000625 + 5 * 0.0000004 + 3 * 0.0000005 + 3 * 0.000005 + 0.0000004;
    expect(bill(usage, US_EAST_1).total).toBeCloseTo(perFile, 12);
    // 40,000 such files make a million orders: ≈ $4.39.
    expect(billPerMillionOrders(bill(usage, US_EAST_1), 25).total).toBeCloseTo(perFile * 40_000, 9);
    expect(perFile * 40_000).toBeCloseTo(4.39, 2);
  });

  it('per million orders: scales, and is 0 for no orders', () => {
    expect(perMillionOrders(0.5, 250_000)).toBe(2);
    expect(perMillionOrders(1, 0)).toBe(0);
  });
});
