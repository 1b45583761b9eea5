import * as t from 'io-ts';
import type { PriceTable } from './prices';
import type { Usage } from './usage';

export const Service = t.keyof({
  'Step Functions Standard': null,
  'Step Functions Express': null,
  Lambda: null,
  DynamoDB: null,
  SQS: null,
  SNS: null,
  S3: null,
  'CloudWatch Logs (estimate)': null,
  'X-Ray (estimate)': null,
});
export type Service = t.TypeOf<typeof Service>;

export interface Bill {
  readonly byService: Readonly<Record<Service, number>>;
  /** Every service above, with the e-mail deliveries to `emailAddresses` subscribers. */
  readonly total: number;
  /** What each subscribed address adds (SNS e-mail deliveries), apart from the total's. */
  readonly emailPerAddress: number;
}

const GB = 1024 ** 3;

export const bill = (usage: Usage, prices: PriceTable, emailAddresses = 0): Bill => {
  const byService: Record<Service, number> = {
    'Step Functions Standard': usage.standardTransitions * prices.standardTransition,
    'Step Functions Express': usage.expressRequests * prices.expressRequest + usage.expressGbSeconds * prices.expressGbSecond,
    Lambda: usage.lambdaRequests * prices.lambdaRequest + usage.lambdaGbSeconds * prices.lambdaArmGbSecond,
    DynamoDB: usage.dynamodbWriteUnits * prices.dynamodbWriteRequestUnit + usage.dynamodbReadUnits * prices.dynamodbReadRequestUnit,
    SQS: usage.sqsRequests * prices.sqsRequest,
    SNS: usage.snsPublishes * prices.snsPublish,
    S3: usage.s3Puts * prices.s3Put + usage.s3Gets * prices.s3Get,
    'CloudWatch Logs (estimate)': (usage.logBytes / GB) * prices.cloudwatchLogsIngestedGb,
    'X-Ray (estimate)': usage.xrayTraces * prices.xrayTraceRecorded,
  };
  const emailPerAddress = usage.alertPublishes * prices.snsEmailDelivery;
  const services = Object.values(byService).reduce((sum, cost) => sum + cost, 0);
  return { byService, total: services + emailAddresses * emailPerAddress, emailPerAddress };
};

export const perMillionOrders = (cost: number, orders: number): number => (orders === 0 ? 0 : (cost / orders) * 1_000_000);

export const billPerMillionOrders = (b: Bill, orders: number): Bill => ({
  byService: Object.fromEntries(Object.entries(b.byService).map(([service, cost]) => [service, perMillionOrders(cost, orders)])) as Record<Service, number>,
  total: perMillionOrders(b.total, orders),
  emailPerAddress: perMillionOrders(b.emailPerAddress, orders),
});
