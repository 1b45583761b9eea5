import { dirname, join } from 'node:path';
import * as t from 'io-ts';

/**
 * How another command reaches a running local pipeline (`npm start -- --keep` writes it to
 * tmp/local-pipeline/endpoints.json while it is up; `npm run ops -- --local` reads it): the emulator endpoints, the
 * resources under their Terraform names, and the standard AWS SDK environment to point any SDK or the AWS CLI at them.
 */
export const LocalEndpoints = t.intersection([
  t.type({
    pid: t.number,
    region: t.string,
    endpoints: t.type({ s3: t.string, sqs: t.string, sns: t.string, dynamodb: t.string }),
    bucket: t.string,
    table: t.string,
    queues: t.type({ rejectedOrders: t.string, deadLetter: t.string, alertInbox: t.string }),
    topics: t.type({ salesAlerts: t.string, operations: t.string }),
    stateMachineArn: t.string,
    environment: t.record(t.string, t.string),
  }),
  /** The directory the pipeline mirrors the analytics zone into (its state folder's `zone/`), when it mirrors one. */
  t.partial({ zoneDir: t.string }),
]);
export type LocalEndpoints = t.TypeOf<typeof LocalEndpoints>;

/**
 * The failed executions of the Standard state machine of a running local pipeline, as ListExecutions would give them:
 * `npm start` keeps them in this file beside its endpoints file (the executions live inside that process; there is no
 * Step Functions API server locally), and `npm run ops -- --local executions list --failed` reads it.
 */
export const LocalFailedExecutions = t.array(
  t.intersection([
    t.type({ executionArn: t.string, name: t.string, status: t.literal('FAILED'), startDate: t.string, stopDate: t.string }),
    t.partial({ error: t.string, cause: t.string }),
  ]),
);
export type LocalFailedExecutions = t.TypeOf<typeof LocalFailedExecutions>;

/** The folder of a repository's local runs (`npm start`): their endpoints files and function logs. */
export const localRunDir = (repoRoot: string): string => join(repoRoot, 'tmp', 'local-pipeline');

/**
 * Where a local run writes its endpoints: `<runDir>/endpoints.json`, which `npm run ops -- --local` reads, or, for a
 * second run while another holds that one, `<runDir>/runs/<pid>/endpoints.json`.
 */
export const localEndpointsFile = (runDir: string, secondRunPid?: number): string =>
  secondRunPid === undefined ? join(runDir, 'endpoints.json') : join(runDir, 'runs', String(secondRunPid), 'endpoints.json');

/** Where the failed-executions file of the pipeline whose endpoints file is `endpointsFile` is: beside it. */
export const localFailedExecutionsFile = (endpointsFile: string): string => join(dirname(endpointsFile), 'failed-executions.json');
