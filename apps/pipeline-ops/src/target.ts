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
  type ObjectReader,
  type ObjectWriter,
} from '@sales-pipeline/aws-adapters';
import { dynamoDBOrderDocuments, type OrderDocuments } from '@sales-pipeline/aws-adapters/order-documents';
import { describeDeploymentProblem, LOCAL_ACCOUNT, localDeployment } from '@sales-pipeline/local-deployment';
import { ObjectCreatedEvent } from '@sales-pipeline/local-events';
import { fileVersionEventFrom } from '@sales-pipeline/operations-local';
import { deadLetterQueueOn, unavailable, type DeadLetterQueue, type Executions, type Replayers } from '@sales-pipeline/operations';
import { OrderFileWritten } from '@sales-pipeline/sales-generation';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { OpsError } from './ops-error';

/** The resources of one workspace, named as terraform/names.tf names them. */
export interface Target {
  readonly workspace: string;
  readonly local: boolean;
  readonly deadLetterQueue: string;
  readonly rejectedOrdersQueue: string;
  readonly ordersTable: string;
  readonly stateMachine: string;
  readonly generatorFunction: string;
}

const terraformUnreadable = (message: string): OpsError => ({ _tag: 'TerraformUnreadable', message });

/** Evaluates terraform/names.tf for the workspace: no name is typed twice. */
export const resolveTarget = (repoRoot: string, workspace: string, local: boolean): TE.TaskEither<OpsError, Target> =>
  pipe(
    localDeployment(repoRoot, { workspace }),
    TE.mapError((problem) => terraformUnreadable(describeDeploymentProblem(problem))),
    TE.flatMapEither((deployment) => {
      const name = (key: string) => deployment.names[key];
      const names = {
        deadLetterQueue: name('dead_letter_queue'),
        rejectedOrdersQueue: name('rejected_orders_queue'),
        ordersTable: name('orders_table'),
        stateMachine: name('state_machine'),
        generatorFunction: name('sales_generator_function'),
      };
      const missing = Object.entries(names).filter(([, value]) => value === undefined);
      if (missing.length > 0) return E.left(terraformUnreadable(`local.names has no ${missing.map(([key]) => key).join(', ')}`));
      return E.right({
        workspace,
        local,
        deadLetterQueue: names.deadLetterQueue ?? '',
        rejectedOrdersQueue: names.rejectedOrdersQueue ?? '',
        ordersTable: names.ordersTable ?? '',
        stateMachine: names.stateMachine ?? '',
        generatorFunction: names.generatorFunction ?? '',
      });
    }),
  );

export interface Connections {
  readonly queue: (name: string) => TE.TaskEither<AwsCallFailed, DeadLetterQueue>;
  readonly orders: OrderDocuments;
  readonly executions: () => TE.TaskEither<AwsCallFailed, Executions>;
  readonly replayers: () => TE.TaskEither<AwsCallFailed, Replayers>;
}

const SECOND_PROCESS =
  'the local Step Functions runner and the Lambda functions run inside `npm start`; a second process reaches only the emulators (S3, SQS, SNS, DynamoDB), so it can re-run a file version but not redrive an execution, list executions or invoke the generator';

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

/** Every client from the one factory in aws-adapters, configured by the standard AWS environment. */
export const connect = (target: Target): Connections => {
  const sqs = sqsQueueReader(sqsClientFromEnvironment());
  const objects = s3ObjectStore(s3ClientFromEnvironment());
  const queue = (name: string) =>
    pipe(
      sqs.urlOf(name),
      TE.map((url) => deadLetterQueueOn(sqs, url)),
    );
  const orders = dynamoDBOrderDocuments(dynamoDBClientFromEnvironment(), target.ordersTable);

  if (target.local) {
    const executions: Executions = {
      start: (input) => (ObjectCreatedEvent.is(input) ? rewriteForKeptPipeline(objects, input) : unavailable('StartExecution', target.stateMachine, SECOND_PROCESS)()),
      redrive: unavailable('RedriveExecution', target.stateMachine, SECOND_PROCESS, 'RedriveUnsupported'),
      listFailed: unavailable('ListExecutions', target.stateMachine, SECOND_PROCESS),
    };
    const generator = { invoke: unavailable('Invoke', target.generatorFunction, SECOND_PROCESS) };
    const fileVersionEvent = fileVersionEventFrom(objects, { account: LOCAL_ACCOUNT, region: process.env['AWS_REGION'] ?? '' });
    return { queue, orders, executions: () => TE.right(executions), replayers: () => TE.right({ executions, generator, fileVersionEvent, orders }) };
  }

  const sfn = sfnClientFromEnvironment();
  const stateMachineArn = stateMachineArnOf(sfn, target.stateMachine);
  const executions = () =>
    pipe(
      stateMachineArn,
      TE.map((arn) => stepFunctionsExecutions(sfn, arn)),
    );
  const generatorFunction = lambdaFunction(lambdaClientFromEnvironment(), target.generatorFunction);
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
