import { writeFileSync } from 'node:fs';
import type { LocalEndpoints, LocalFailedExecutions } from '@sales-pipeline/pipeline-contracts';
import type { LocalPipeline } from './local-pipeline';

/** The endpoints file of this pipeline (`npm start -- --keep`); its codec is pipeline-contracts' `LocalEndpoints`. */
export const localEndpoints = (pipeline: Pick<LocalPipeline, 'deployment' | 'emulators' | 'runner' | 'zoneDir'>, pid: number): LocalEndpoints => {
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
    ...(pipeline.zoneDir === undefined ? {} : { zoneDir: pipeline.zoneDir }),
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

/**
 * Keeps `file` listing the Standard machine's failed executions (pipeline-contracts' `LocalFailedExecutions`), from
 * now on, for `npm run ops -- --local executions list --failed` in another process: what ListExecutions answers on AWS
 * (the Express entry's executions are not listed there either). Returns the function that stops keeping it.
 */
export const keepFailedExecutionsFile = (pipeline: Pick<LocalPipeline, 'onRunnerEvent'>, file: string): (() => void) => {
  const failed: LocalFailedExecutions[number][] = [];
  writeFileSync(file, '[]\n');
  return pipeline.onRunnerEvent((event) => {
    if (event.type !== 'ExecutionEnded' || event.status !== 'FAILED' || event.kind !== 'STANDARD' || event.parentArn !== undefined) return;
    const stopped = Date.now();
    failed.push({
      executionArn: event.executionArn,
      name: event.executionArn.split(':').at(-1) ?? event.executionArn,
      status: 'FAILED',
      startDate: new Date(stopped - event.durationMs).toISOString(),
      stopDate: new Date(stopped).toISOString(),
      ...(event.error === undefined ? {} : { error: event.error }),
      ...(event.cause === undefined ? {} : { cause: event.cause }),
    });
    writeFileSync(file, `${JSON.stringify(failed, null, 2)}\n`);
  });
};
