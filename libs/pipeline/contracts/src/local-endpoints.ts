import * as t from 'io-ts';

/**
 * How another command reaches a running local pipeline (`npm start -- --keep` writes it to
 * tmp/local-pipeline/endpoints.json while it is up; `npm run ops -- --local` reads it): the emulator endpoints, the
 * resources under their Terraform names, and the standard AWS SDK environment to point any SDK or the AWS CLI at them.
 */
export const LocalEndpoints = t.type({
  pid: t.number,
  region: t.string,
  endpoints: t.type({ s3: t.string, sqs: t.string, sns: t.string, dynamodb: t.string }),
  bucket: t.string,
  table: t.string,
  queues: t.type({ rejectedOrders: t.string, deadLetter: t.string, alertInbox: t.string }),
  topics: t.type({ salesAlerts: t.string, operations: t.string }),
  stateMachineArn: t.string,
  environment: t.record(t.string, t.string),
});
export type LocalEndpoints = t.TypeOf<typeof LocalEndpoints>;
