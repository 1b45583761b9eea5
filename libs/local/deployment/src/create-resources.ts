import { CreateBucketCommand, PutBucketVersioningCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { BillingMode, CreateTableCommand, DynamoDBClient, KeyType, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { Emulators } from '@sales-pipeline/local-emulators';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { LocalDeployment } from './local-deployment';
import type { BucketInfo, QueueInfo, TableInfo, TopicInfo } from './records';

export type ResourceCreationFailed = { readonly _tag: 'ResourceCreationFailed'; readonly resource: string; readonly message: string };

const TABLE_ACTIVE_SECONDS = 60;

const clientsOf = (emulators: Pick<Emulators, 'clientConfig'>) => ({
  s3: new S3Client(emulators.clientConfig('s3')),
  dynamodb: new DynamoDBClient(emulators.clientConfig('dynamodb')),
  sqs: new SQSClient(emulators.clientConfig('sqs')),
  sns: new SNSClient(emulators.clientConfig('sns')),
});
type Clients = Readonly<ReturnType<typeof clientsOf>>;

const step = <A>(resource: string, run: () => Promise<A>): TE.TaskEither<ResourceCreationFailed, A> =>
  TE.tryCatch(run, (error) => ({ _tag: 'ResourceCreationFailed', resource, message: error instanceof Error ? error.message : String(error) }));

const createBucket = ({ s3 }: Clients, region: string) => (bucket: BucketInfo) =>
  pipe(
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
        ? step(`versioning of ${bucket.name}`, () => s3.send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } })))
        : TE.right(undefined),
    ),
  );

/** A table kept in the state folder by an earlier local run is there already: as for Terraform with its state, that is done. */
const existingTable = (error: unknown) => (error instanceof Error && error.name === 'ResourceInUseException' ? undefined : Promise.reject(error));

const createTable = ({ dynamodb }: Clients) => (table: TableInfo) =>
  pipe(
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
      ).catch(existingTable),
    ),
    // As Terraform does: a table is usable once ACTIVE (dynalite, like DynamoDB, gets there asynchronously).
    TE.tap(() =>
      step(`table ${table.name} (waiting for ACTIVE)`, () =>
        waitUntilTableExists({ client: dynamodb, maxWaitTime: TABLE_ACTIVE_SECONDS, minDelay: 0.05, maxDelay: 0.5 }, { TableName: table.name }),
      ),
    ),
  );

const createQueue = ({ sqs }: Clients) => (queue: QueueInfo) => step(`queue ${queue.name}`, () => sqs.send(new CreateQueueCommand({ QueueName: queue.name })));

const createTopic = ({ sns }: Clients) => (topic: TopicInfo) => step(`topic ${topic.name}`, () => sns.send(new CreateTopicCommand({ Name: topic.name })));

const subscribeInbox = ({ sns }: Clients, topic: TopicInfo, inbox: QueueInfo) =>
  step(`subscription of ${inbox.name} to ${topic.name}`, () => sns.send(new SubscribeCommand({ TopicArn: topic.arn, Protocol: 'sqs', Endpoint: inbox.arn })));

/**
 * Creates on the emulators every bucket (versioned when the Terraform versions it), table (its key schema), queue and
 * topic the Terraform declares for the workspace, and an SQS queue subscribed to the sales-alerts topic in place of
 * the e-mail subscription (read it to see the alert e-mails).
 */
export const createResources = (emulators: Pick<Emulators, 'clientConfig'>, deployment: LocalDeployment): TE.TaskEither<ResourceCreationFailed, void> => {
  const clients = clientsOf(emulators);
  const { records, queues, topics } = deployment;
  const created = pipe(
    TE.traverseSeqArray(createBucket(clients, deployment.region))(records.buckets),
    TE.flatMap(() => TE.traverseSeqArray(createTable(clients))(records.tables)),
    TE.flatMap(() => TE.traverseSeqArray(createQueue(clients))([...records.queues, queues.alertInbox])),
    TE.flatMap(() => TE.traverseSeqArray(createTopic(clients))(records.topics)),
    TE.flatMap(() => subscribeInbox(clients, topics.salesAlerts, queues.alertInbox)),
    TE.map(() => undefined),
  );
  return async () => {
    try {
      return await created();
    } finally {
      Object.values(clients).forEach((client) => client.destroy());
    }
  };
};
