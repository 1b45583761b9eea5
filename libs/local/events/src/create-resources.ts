import { CreateBucketCommand, PutBucketVersioningCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { BillingMode, CreateTableCommand, DynamoDBClient, KeyType, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { Emulators } from '@sales-pipeline/local-emulators';
import { pipe } from 'fp-ts/function';
import * as RA from 'fp-ts/ReadonlyArray';
import * as TE from 'fp-ts/TaskEither';
import type { LocalDeployment } from './local-deployment';

export type ResourceCreationFailed = { readonly _tag: 'ResourceCreationFailed'; readonly resource: string; readonly message: string };

export interface CreatedResources {
  readonly bucket: string;
  readonly table: string;
  /** Queue name -> the URL the emulator returned. */
  readonly queueUrls: Readonly<Record<string, string>>;
  /** Topic name -> ARN. */
  readonly topicArns: Readonly<Record<string, string>>;
  /** The SQS subscription that stands in for the alert e-mails. */
  readonly alertSubscriptionArn: string;
}

const TABLE_ACTIVE_SECONDS = 60;

const step = <A>(resource: string, run: () => Promise<A>): TE.TaskEither<ResourceCreationFailed, A> =>
  TE.tryCatch(run, (error) => ({ _tag: 'ResourceCreationFailed', resource, message: error instanceof Error ? error.message : String(error) }));

/**
 * Creates on the emulators what the Terraform declares for the workspace: the data-lake bucket (versioned when the
 * Terraform versions it), the orders table (its key schema), both queues, both topics, and an SQS queue subscribed
 * to the sales-alerts topic in place of the e-mail subscription (read it to see the alert e-mails).
 */
export const createResources = (
  emulators: Pick<Emulators, 'clientConfig'>,
  deployment: LocalDeployment,
): TE.TaskEither<ResourceCreationFailed, CreatedResources> => {
  const s3 = new S3Client(emulators.clientConfig('s3'));
  const dynamodb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
  const sqs = new SQSClient(emulators.clientConfig('sqs'));
  const sns = new SNSClient(emulators.clientConfig('sns'));
  const { bucket, table, queues, topics, region } = deployment;
  const queueNames = [queues.rejectedOrders, queues.deadLetter, queues.alertInbox].map((queue) => queue.name);
  const topicNames = [topics.salesAlerts, topics.operations].map((topic) => topic.name);
  const createQueue = (name: string) =>
    step(`queue ${name}`, async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      return QueueUrl ?? Promise.reject(new Error('CreateQueue returned no QueueUrl'));
    });
  const createTopic = (name: string) =>
    step(`topic ${name}`, async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      return TopicArn ?? Promise.reject(new Error('CreateTopic returned no TopicArn'));
    });

  return pipe(
    step(`bucket ${bucket.name}`, () =>
      s3.send(
        new CreateBucketCommand({
          Bucket: bucket.name,
          ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      ),
    ),
    TE.tap(() =>
      bucket.versioning
        ? step(`versioning of ${bucket.name}`, () =>
            s3.send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } })),
          )
        : TE.right(undefined),
    ),
    TE.flatMap(() =>
      step(`table ${table.name}`, () =>
        dynamodb.send(
          new CreateTableCommand({
            TableName: table.name,
            KeySchema: [
              { AttributeName: table.hashKey, KeyType: 'HASH' },
              ...(table.rangeKey === undefined ? [] : [{ AttributeName: table.rangeKey, KeyType: KeyType.RANGE }]),
            ],
            AttributeDefinitions: table.attributes.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
            ...(table.billingMode === 'PAY_PER_REQUEST'
              ? { BillingMode: BillingMode.PAY_PER_REQUEST }
              : { BillingMode: BillingMode.PROVISIONED, ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }),
          }),
        ),
      ),
    ),
    // As Terraform does: a table is usable once ACTIVE (dynalite, like DynamoDB, gets there asynchronously).
    TE.tap(() =>
      step(`table ${table.name} (waiting for ACTIVE)`, () =>
        waitUntilTableExists({ client: dynamodb, maxWaitTime: TABLE_ACTIVE_SECONDS, minDelay: 0.05, maxDelay: 0.5 }, { TableName: table.name }),
      ),
    ),
    TE.flatMap(() =>
      TE.sequenceSeqArray(queueNames.map(createQueue)),
    ),
    TE.flatMap((urls) =>
      pipe(
        TE.sequenceSeqArray(topicNames.map(createTopic)),
        TE.flatMap((arns) =>
          pipe(
            step(`subscription of ${queues.alertInbox.name} to ${topics.salesAlerts.name}`, async () => {
              const { SubscriptionArn } = await sns.send(
                new SubscribeCommand({ TopicArn: arns[0], Protocol: 'sqs', Endpoint: queues.alertInbox.arn, ReturnSubscriptionArn: true }),
              );
              return SubscriptionArn ?? Promise.reject(new Error('Subscribe returned no SubscriptionArn'));
            }),
            TE.map(
              (alertSubscriptionArn): CreatedResources => ({
                bucket: bucket.name,
                table: table.name,
                queueUrls: Object.fromEntries(RA.zip(queueNames, urls)),
                topicArns: Object.fromEntries(RA.zip(topicNames, arns)),
                alertSubscriptionArn,
              }),
            ),
          ),
        ),
      ),
    ),
  );
};
