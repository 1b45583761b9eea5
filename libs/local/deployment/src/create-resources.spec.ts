import { resolve } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand, ListQueuesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import * as E from 'fp-ts/Either';
import { createResources } from './create-resources';
import { describeDeploymentProblem, localDeployment, type LocalDeployment } from './local-deployment';
import { objectCreatedRule } from '@sales-pipeline/local-events';
import type { ObjectCreatedEvent } from '@sales-pipeline/pipeline-contracts';

const repoRoot = resolve(__dirname, '../../../..');

describe('the Terraform-declared resources on the emulators, and the object-created rule', () => {
  let emulators: Emulators;
  let local: LocalDeployment;

  beforeAll(async () => {
    emulators = await startEmulators();
    const deployment = await localDeployment(repoRoot)();
    if (E.isLeft(deployment)) throw new Error(describeDeploymentProblem(deployment.left));
    local = deployment.right;
    const resources = await createResources(emulators, local)();
    if (E.isLeft(resources)) throw new Error(`${resources.left.resource}: ${resources.left.message}`);
  }, 60_000);

  afterAll(async () => {
    await emulators?.stop();
  });

  it('creates the bucket versioned, the table with its key schema, the queues, and the topics under the ARNs the deployment renders', async () => {
    const s3 = new S3Client(emulators.clientConfig('s3'));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: local.bucket.name }))).Status).toBe('Enabled');
    const dynamodb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: local.table.name }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'order_id', KeyType: 'HASH' }]);
    // Resolved only once the table is ACTIVE, so the first write never meets ResourceNotFoundException.
    expect(Table?.TableStatus).toBe('ACTIVE');
    // Every queue the Terraform declares (whatever its role), and the inbox that stands in for the e-mail subscription.
    const declaredQueues = local.records.queues.map((queue) => queue.name);
    expect(declaredQueues).toEqual(expect.arrayContaining([local.queues.deadLetter.name, local.queues.rejectedOrders.name]));
    const { QueueUrls = [] } = await new SQSClient(emulators.clientConfig('sqs')).send(new ListQueuesCommand({}));
    expect(QueueUrls.map((url) => url.split('/').at(-1)).sort()).toEqual([...declaredQueues, local.queues.alertInbox.name].sort());
    const { Topics = [] } = await new SNSClient(emulators.clientConfig('sns')).send(new ListTopicsCommand({}));
    // Every declared topic (the sales-alerts and operations ones among them) under the ARN the deployment renders.
    expect(Topics.map((topic) => topic.TopicArn).sort()).toEqual(local.records.topics.map((topic) => topic.arn).sort());
  });

  it('reaches each queue through the AWS-shaped URL the rendered state machine carries', async () => {
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    expect(local.queues.rejectedOrders.url).toBe(`https://sqs.${local.region}.amazonaws.com/000000000000/${local.queues.rejectedOrders.name}`);
    await sqs.send(new SendMessageCommand({ QueueUrl: local.queues.rejectedOrders.url, MessageBody: 'via the rendered URL' }));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: (await sqs.send(new GetQueueUrlCommand({ QueueName: local.queues.rejectedOrders.name }))).QueueUrl, WaitTimeSeconds: 1 }),
    );
    expect(Messages.map((message) => message.Body)).toEqual(['via the rendered URL']);
  });

  it('delivers what is published to the sales-alerts topic to the inbox queue that stands in for the e-mail', async () => {
    const sns = new SNSClient(emulators.clientConfig('sns'));
    await sns.send(new PublishCommand({ TopicArn: local.topics.salesAlerts.arn, Subject: 'High Value Sale Alert', Message: 'We just sold a Laptop for $456.65!' }));
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: local.queues.alertInbox.url, WaitTimeSeconds: 2, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(1);
    expect(JSON.parse(Messages[0]?.Body ?? '{}')).toMatchObject({ Subject: 'High Value Sale Alert', Message: 'We just sold a Laptop for $456.65!' });
  });

  it('starts the target for an order file written under incoming/, with the version the write created, and not for results/', async () => {
    const started: ObjectCreatedEvent[] = [];
    const rule = objectCreatedRule({ pattern: local.smallFileRule.compiled, account: local.account, region: local.region, target: (event) => void started.push(event) });
    const detach = rule.attach(emulators);
    const s3 = new S3Client(emulators.clientConfig('s3'));
    const put = await s3.send(new PutObjectCommand({ Bucket: local.bucket.name, Key: 'incoming/uploads/my orders.json', Body: '[]' }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket.name, Key: 'results/run/manifest.json', Body: '{}' }));
    for (let wait = 0; rule.events().length < 2 && wait < 50; wait++) await new Promise((done) => setTimeout(done, 20));
    await rule.idle();
    detach();
    expect(rule.events().map((delivery) => [delivery.event.detail.object.key, delivery.matched])).toEqual([
      ['incoming/uploads/my orders.json', true],
      ['results/run/manifest.json', false],
    ]);
    expect(started).toHaveLength(1);
    expect(started[0]?.detail.bucket.name).toBe(local.bucket.name);
    expect(started[0]?.detail.object['version-id']).toBe(put.VersionId);
    expect(started[0]?.resources).toEqual([local.bucket.arn]);

    // At least once: a replayed event reaches the target again, unchanged.
    const replayed = await rule.replay(started[0] as ObjectCreatedEvent);
    await rule.idle();
    expect(replayed.matched).toBe(true);
    expect(started).toHaveLength(2);
    expect(started[1]).toEqual(started[0]);
  });

  it('reports a failing target and keeps routing', async () => {
    const failures: string[] = [];
    const rule = objectCreatedRule({
      pattern: local.smallFileRule.compiled,
      account: local.account,
      region: local.region,
      target: () => Promise.reject(new Error('StartExecution failed')),
      onTargetError: (error, event) => failures.push(`${event.detail.object.key}: ${(error as Error).message}`),
    });
    await rule.deliver({ bucket: local.bucket.name, key: 'incoming/a.json', size: 2, etag: 'e', sequencer: '01', time: new Date().toISOString() });
    await rule.idle();
    expect(failures).toEqual(['incoming/a.json: StartExecution failed']);
  });
});
