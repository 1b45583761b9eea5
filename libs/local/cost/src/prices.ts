import * as t from 'io-ts';

/** USD per unit of each billed operation. */
export const PriceTable = t.type({
  region: t.string,
  /** When the prices were read from the AWS pricing pages. */
  readOn: t.string,
  standardTransition: t.number,
  expressRequest: t.number,
  expressGbSecond: t.number,
  lambdaRequest: t.number,
  lambdaArmGbSecond: t.number,
  dynamodbWriteRequestUnit: t.number,
  dynamodbReadRequestUnit: t.number,
  sqsRequest: t.number,
  snsPublish: t.number,
  snsEmailDelivery: t.number,
  s3Put: t.number,
  s3Get: t.number,
  cloudwatchLogsIngestedGb: t.number,
  xrayTraceRecorded: t.number,
});
export type PriceTable = t.TypeOf<typeof PriceTable>;

/**
 * The one price table: AWS list prices in us-east-1, first tier, free tiers left out (a bill per million orders should
 * not depend on what else the account runs). Read on 2026-12-01 from aws.amazon.com/<service>/pricing.
 */
export const US_EAST_1: PriceTable = {
  region: 'us-east-1',
  readOn: '2026-12-01',
  standardTransition: 0.025 / 1_000,
  expressRequest: 1.0 / 1_000_000,
  expressGbSecond: 0.00001667,
  lambdaRequest: 0.2 / 1_000_000,
  lambdaArmGbSecond: 0.0000133334,
  dynamodbWriteRequestUnit: 0.625 / 1_000_000,
  dynamodbReadRequestUnit: 0.125 / 1_000_000,
  sqsRequest: 0.4 / 1_000_000,
  snsPublish: 0.5 / 1_000_000,
  snsEmailDelivery: 2.0 / 100_000,
  s3Put: 0.005 / 1_000,
  s3Get: 0.0004 / 1_000,
  cloudwatchLogsIngestedGb: 0.5,
  xrayTraceRecorded: 5.0 / 1_000_000,
};
