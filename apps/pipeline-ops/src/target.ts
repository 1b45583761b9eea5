import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  dynamoDBClientFromEnvironment,
  lambdaClientFromEnvironment,
  lambdaFunction,
  s3ClientFromEnvironment,
  s3ObjectStore,
  sfnClientFromEnvironment,
  sqsClientFromEnvironment,
  sqsQueueReader,
  stateMachineArnOf,
  stepFunctionsExecutions,
  type AwsCallFailed,
  type ExecutionSummary,
  type ObjectReader,
  type ObjectWriter,
} from '@sales-pipeline/aws-adapters';
import { dynamoDBOrderDocuments, dynamoDBStoredOrders, readAlertMark, type AlertMark, type OrderDocuments } from '@sales-pipeline/aws-adapters/order-documents';
import {
  deadLetterQueueOn,
  directZoneRewriter,
  fileVersionEventFrom,
  lambdaZoneRewriter,
  unavailable,
  type DeadLetterQueue,
  type Executions,
  type Replayers,
} from '@sales-pipeline/operations';
import { LocalFailedExecutions, localFailedExecutionsFile, ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import { OrderFileWritten } from '@sales-pipeline/sales-generation';
import { evaluate, rootScope, type Scope } from '@sales-pipeline/terraform-hcl';
import * as E from 'fp-ts/Either';
import * as R from 'fp-ts/Record';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { OpsError } from './ops-error';

/** The resources of one workspace, named as terraform/names.tf names them. */
export interface Target {
  readonly workspace: string;
  readonly local: boolean;
  /** With --local: the kept pipeline's endpoints file (its failed executions are in a file beside it). */
  readonly endpointsFile?: string;
  /** With --local: where the kept pipeline mirrors the analytics zone (its state folder's), as its endpoints file says. */
  readonly zoneDir?: string;
  readonly deadLetterQueue: string;
  readonly rejectedOrdersQueue: string;
  readonly ordersTable: string;
  readonly stateMachine: string;
  readonly generatorFunction: string;
  /** The update that marks an order alerted (the one MarkOrderAlerted makes). */
  readonly alertMark: AlertMark;
  readonly zoneWriterFunction: string;
}

const terraformUnreadable = (message: string): OpsError => ({ _tag: 'TerraformUnreadable', message });

/** The `local.names` keys a command needs (terraform/names.tf). */
const targetNames = {
  deadLetterQueue: 'dead_letter_queue',
  rejectedOrdersQueue: 'rejected_orders_queue',
  ordersTable: 'orders_table',
  stateMachine: 'state_machine',
  generatorFunction: 'sales_generator_function',
  zoneWriterFunction: 'zone_writer_function',
} as const;

const problemOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One entry of `local.names`, evaluated alone (its siblings may need data sources the command does not have). */
const nameIn =
  (scope: Scope) =>
  (key: string): E.Either<OpsError, string> =>
    pipe(
      E.tryCatch(() => evaluate(`\${local.names.${key}}`, scope), (error) => terraformUnreadable(problemOf(error))),
      E.filterOrElse(
        (value): value is string => typeof value === 'string',
        () => terraformUnreadable(`local.names.${key} is not a string`),
      ),
    );

/** Evaluates terraform/names.tf for the workspace: no name is typed twice. */
export const resolveTarget = (repoRoot: string, workspace: string, local: boolean): TE.TaskEither<OpsError, Target> =>
  pipe(
    TE.tryCatch(
      () => rootScope(join(repoRoot, 'terraform'), workspace),
      (error) => terraformUnreadable(`the Terraform cannot be evaluated for workspace ${workspace}: ${problemOf(error)}`),
    ),
    TE.flatMapEither((scope) => R.traverse(E.Applicative)(nameIn(scope))(targetNames)),
    TE.flatMap((names) =>
      pipe(
        readAlertMark(join(repoRoot, 'terraform')),
        TE.bimap(
          (error) => terraformUnreadable(`${error.file}: ${error.message}`),
          (alertMark) => ({ workspace, local, ...names, alertMark }),
        ),
      ),
    ),
  );

export interface Connections {
  readonly queue: (name: string) => TE.TaskEither<AwsCallFailed, DeadLetterQueue>;
  readonly orders: OrderDocuments;
  readonly executions: () => TE.TaskEither<AwsCallFailed, Executions>;
  readonly replayers: () => TE.TaskEither<AwsCallFailed, Replayers>;
}

const SECOND_PROCESS =
  'the local Step Functions runner and the Lambda functions run inside `npm start`; a second process reaches only the emulators (S3, SQS, SNS, DynamoDB), so it can re-run a file version but not redrive an execution or invoke the generator';

/**
 * The failed executions `npm start` keeps beside its endpoints file (the runner lives in that process): what
 * ListExecutions with statusFilter FAILED answers on AWS. Without --local (only AWS_ENDPOINT_URL_* set) there is no
 * such file to read.
 */
const localFailedExecutions = (target: Target): TE.TaskEither<AwsCallFailed, readonly ExecutionSummary[]> => {
  if (target.endpointsFile === undefined) return unavailable('ListExecutions', target.stateMachine, `${SECOND_PROCESS}; with --local, the failed executions of the kept pipeline are read from beside its endpoints file`)();
  const file = localFailedExecutionsFile(target.endpointsFile);
  const failed = (errorName: string, message: string): AwsCallFailed => ({ _tag: 'AwsCallFailed', operation: 'ListExecutions', resource: file, errorName, message });
  return pipe(
    TE.tryCatch(
      () => readFile(file, 'utf-8'),
      (error) =>
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? failed('Unavailable', 'no such file: is `npm start -- --keep` running (a version that keeps its failed executions)?')
          : failed('Unreadable', String(error)),
    ),
    TE.flatMapEither((text) =>
      pipe(
        E.tryCatch(() => JSON.parse(text) as unknown, () => failed('Unreadable', 'not JSON')),
        E.flatMap((json) => pipe(LocalFailedExecutions.decode(json), E.mapLeft(() => failed('Unreadable', 'not a list of failed executions')))),
      ),
    ),
    TE.map((executions) =>
      executions.map(({ executionArn, name, status, startDate, stopDate }) => ({ executionArn, name, status, startDate: new Date(startDate), stopDate: new Date(stopDate) })),
    ),
  );
};

/**
 * Locally, from a second process, an execution for a file version is started the way the kept pipeline can see it:
 * that version's bytes are written again to its key, and the pipeline's object-created rule starts the execution
 * for the new version (the same orders: stored once, by the conditional writes).
 */
const rewriteForKeptPipeline = (objects: ObjectReader & ObjectWriter, event: ObjectCreatedEvent): TE.TaskEither<AwsCallFailed, { readonly executionArn: string }> => {
  const { bucket, object } = event.detail;
  const location = { bucket: bucket.name, key: object.key, ...(object['version-id'] === undefined ? {} : { versionId: object['version-id'] }) };
  const failed = (operation: string) => (error: { readonly errorName: string; readonly message: string }): AwsCallFailed => ({
    _tag: 'AwsCallFailed',
    operation,
    resource: `s3://${location.bucket}/${location.key}`,
    errorName: error.errorName,
    message: error.message,
  });
  return pipe(
    objects.getObject(location),
    TE.mapError(failed('GetObject')),
    TE.flatMap((stored) => pipe(objects.putJson({ bucket: location.bucket, key: location.key, json: stored.body }), TE.mapError(failed('PutObject')))),
    TE.map((written) => ({ executionArn: `(the local pipeline's rule, for the rewritten version ${written.versionId ?? '(unversioned)'})` })),
  );
};

/** The region, account and partition an ARN names. */
const arnParts = (arn: string) => {
  const [, partition = 'aws', , region = '', account = ''] = arn.split(':');
  return { partition, region, account };
};

/** The account a queue URL names (`<endpoint>/<account>/<name>`, on AWS as on the local emulators). */
const accountOfQueueUrl = (url: string): string => new URL(url).pathname.split('/')[1] ?? '';

/** Every client from the one factory in aws-adapters, configured by the standard AWS environment. */
export const connect = (target: Target): Connections => {
  const sqs = sqsQueueReader(sqsClientFromEnvironment());
  const objects = s3ObjectStore(s3ClientFromEnvironment());
  const queue = (name: string) =>
    pipe(
      sqs.urlOf(name),
      TE.map((url) => deadLetterQueueOn(sqs, url)),
    );
  const orders = dynamoDBOrderDocuments(dynamoDBClientFromEnvironment(), target.ordersTable, target.alertMark);

  if (target.local) {
    const executions: Executions = {
      start: (input) => (ObjectCreatedEvent.is(input) ? rewriteForKeptPipeline(objects, input) : unavailable('StartExecution', target.stateMachine, SECOND_PROCESS)()),
      redrive: unavailable('RedriveExecution', target.stateMachine, SECOND_PROCESS, 'RedriveUnsupported'),
      listFailed: () => localFailedExecutions(target),
    };
    const generator = { invoke: unavailable('Invoke', target.generatorFunction, SECOND_PROCESS) };
    const replayers = () =>
      pipe(
        sqs.urlOf(target.deadLetterQueue),
        TE.map((url): Replayers => ({
          executions,
          generator,
          fileVersionEvent: fileVersionEventFrom(objects, { account: accountOfQueueUrl(url), region: process.env['AWS_REGION'] ?? '' }),
          orders,
          zone: directZoneRewriter(dynamoDBStoredOrders(dynamoDBClientFromEnvironment(), target.ordersTable), objects),
        })),
      );
    return { queue, orders, executions: () => TE.right(executions), replayers };
  }

  const sfn = sfnClientFromEnvironment();
  const stateMachineArn = stateMachineArnOf(sfn, target.stateMachine);
  const executions = () =>
    pipe(
      stateMachineArn,
      TE.map((arn) => stepFunctionsExecutions(sfn, arn)),
    );
  const lambda = lambdaClientFromEnvironment();
  const generatorFunction = lambdaFunction(lambda, target.generatorFunction);
  return {
    queue,
    orders,
    executions,
    replayers: () =>
      pipe(
        stateMachineArn,
        TE.map(
          (arn): Replayers => ({
            executions: stepFunctionsExecutions(sfn, arn),
            fileVersionEvent: fileVersionEventFrom(objects, arnParts(arn)),
            orders,
            zone: lambdaZoneRewriter(lambdaFunction(lambda, target.zoneWriterFunction)),
            generator: {
              invoke: (scheduledTime) =>
                pipe(
                  generatorFunction.invoke({ scheduledTime }),
                  TE.flatMapEither((payload) =>
                    pipe(
                      OrderFileWritten.decode(payload),
                      E.bimap(
                        (): AwsCallFailed => ({
                          _tag: 'AwsCallFailed',
                          operation: 'Invoke',
                          resource: target.generatorFunction,
                          errorName: 'UnexpectedResponse',
                          message: 'the generator returned no { bucket, key, orders, highValue }',
                        }),
                        (written) => ({ written: `s3://${written.bucket}/${written.key} (${written.orders} orders)` }),
                      ),
                    ),
                  ),
                ),
            },
          }),
        ),
      ),
  };
};
