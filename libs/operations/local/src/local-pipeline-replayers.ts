import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { s3ObjectStore, type AwsCallFailed } from '@sales-pipeline/aws-adapters';
import { dynamoDBOrderDocuments, dynamoDBStoredOrders, readAlertMark } from '@sales-pipeline/aws-adapters/order-documents';
import type { LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { directZoneRewriter, fileVersionEventFrom, type Replayers } from '@sales-pipeline/operations';
import { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';
import { orderFileKey } from '@sales-pipeline/sales-generation';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';

const refused = (operation: string, resource: string, errorName: string, message: string): AwsCallFailed => ({
  _tag: 'AwsCallFailed',
  operation,
  resource,
  errorName,
  message,
});

/**
 * The replays through a local pipeline in this process: an Object Created event starts the Standard machine, as
 * StartExecution does on AWS, whatever the file's size (a failed execution is dead-lettered as on AWS), the generator
 * runs as a Scheduler tick.
 * The local runner has no RedriveExecution: it answers RedriveUnsupported, and the redrive starts the execution
 * again with its stored input (the conditional writes make that safe).
 */
export const localPipelineReplayers = (pipeline: LocalPipeline): Replayers & { readonly close: () => void } => {
  const s3 = new S3Client(pipeline.emulators.clientConfig('s3'));
  const objects = s3ObjectStore(s3);
  const dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  const stateMachineArn = pipeline.runner.stateMachineArn;
  return {
    fileVersionEvent: fileVersionEventFrom(objects, {
      account: pipeline.deployment.account,
      region: pipeline.deployment.region,
      partition: pipeline.deployment.partition,
    }),
    executions: {
      start: (input) =>
        ObjectCreatedEvent.is(input)
          ? TE.tryCatch(
              async () => {
                const record = await pipeline.startExecution(input);
                await pipeline.settled();
                return { executionArn: record.result.executionArn };
              },
              (error) => refused('StartExecution', stateMachineArn, error instanceof Error ? error.name : 'Error', String(error)),
            )
          : TE.left(refused('StartExecution', stateMachineArn, 'InvalidExecutionInput', 'the local pipeline starts executions from Object Created events only')),
      redrive: (executionArn) => TE.left(refused('RedriveExecution', executionArn, 'RedriveUnsupported', 'the local Step Functions runner cannot redrive an execution')),
      listFailed: () =>
        TE.right(
          pipeline
            .executions()
            .filter((record) => record.result.status === 'FAILED')
            .map((record) => ({
              executionArn: record.result.executionArn,
              name: record.result.name,
              status: record.result.status,
              startDate: record.result.startDate,
              stopDate: record.result.stopDate,
            })),
        ),
    },
    generator: {
      invoke: (scheduledTime) => {
        const generatorName = pipeline.deployment.scheduled?.generator.functionName ?? 'the generator (the workspace declares no schedule)';
        const key = orderFileKey(scheduledTime);
        return pipe(
          TE.tryCatch(
            () => pipeline.tick(scheduledTime),
            (error) => refused('Invoke', generatorName, 'TickFailed', String(error)),
          ),
          TE.flatMap(() =>
            pipe(
              objects.headObject({ bucket: pipeline.deployment.bucket.name, key }),
              TE.bimap(
                () => refused('Invoke', generatorName, 'GeneratorFailed', `no file ${key} after the run (see the function's log)`),
                () => ({ written: key }),
              ),
            ),
          ),
        );
      },
    },
    orders: {
      // The alert mark is read from the Terraform the pipeline was deployed from, when a redrive needs it.
      markAlerted: (orderId, at) =>
        pipe(
          readAlertMark(pipeline.deployment.terraformDir),
          TE.mapError((error) => refused('UpdateItem', pipeline.deployment.table.name, error._tag, `${error.file}: ${error.message}`)),
          TE.flatMap((mark) => dynamoDBOrderDocuments(dynamodb, pipeline.deployment.table.name, mark).markAlerted(orderId, at)),
        ),
    },
    zone: directZoneRewriter(dynamoDBStoredOrders(dynamodb, pipeline.deployment.table.name), objects),
    close: () => {
      s3.destroy();
      dynamodb.destroy();
    },
  };
};
