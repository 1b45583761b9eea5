import * as t from 'io-ts';
import type { LocalPipeline } from './local-pipeline';

/**
 * How another command reaches a running local pipeline (`npm start -- --keep` writes it to
 * tmp/local-pipeline/endpoints.json while it is up): the emulator endpoints, the resources under their Terraform
 * names, and the standard AWS SDK environment to point any SDK or the AWS CLI at them.
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

export const localEndpoints = (pipeline: Pick<LocalPipeline, 'deployment' | 'emulators' | 'runner'>, pid: number): LocalEndpoints => {
  const { deployment, emulators } = pipeline;
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _notNeeded, ...environment } = emulators.lambdaEnvironment();
  return {
    pid,
    region: emulators.region,
    endpoints: { ...emulators.endpoints },
    bucket: deployment.bucket.name,
    table: deployment.table.name,
    // URLs on the emulator's own endpoint (the AWS-shaped ones name a host that is not this machine).
    queues: {
      rejectedOrders: `${emulators.endpoints.sqs}/${deployment.account}/${deployment.queues.rejectedOrders.name}`,
      deadLetter: `${emulators.endpoints.sqs}/${deployment.account}/${deployment.queues.deadLetter.name}`,
      alertInbox: `${emulators.endpoints.sqs}/${deployment.account}/${deployment.queues.alertInbox.name}`,
    },
    topics: { salesAlerts: deployment.topics.salesAlerts.arn, operations: deployment.topics.operations.arn },
    stateMachineArn: pipeline.runner.stateMachineArn,
    environment,
  };
};

export const formatEndpoints = (endpoints: LocalEndpoints, file: string): string =>
  [
    `the pipeline stays up with its data until Ctrl-C (endpoints also in ${file}):`,
    `  S3 ${endpoints.endpoints.s3}   SQS ${endpoints.endpoints.sqs}   SNS ${endpoints.endpoints.sns}   DynamoDB ${endpoints.endpoints.dynamodb}`,
    `  region ${endpoints.region}, bucket ${endpoints.bucket}, table ${endpoints.table}`,
    '  to reach it from another shell:',
    ...Object.entries(endpoints.environment).map(([name, value]) => `    export ${name}=${value}`),
  ].join('\n');
