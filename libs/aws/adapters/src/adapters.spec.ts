import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import * as E from 'fp-ts/Either';
import * as O from 'fp-ts/Option';
import {
  dynamoDBClientFromEnvironment,
  dynamoDBOrderStore,
  hasCustomEndpoint,
  s3ClientFromEnvironment,
  s3ObjectStore,
  snsClientFromEnvironment,
  snsTopic,
  sqsClientFromEnvironment,
  sqsQueue,
} from './index';

// The adapters get no endpoint from the test: only the standard AWS environment, as in a Lambda.
describe('AWS adapters against the local emulators, configured from the standard environment', () => {
  let emulators: Emulators;
  const savedEnvironment = { ...process.env };
  const clients: { destroy: () => void }[] = [];
  const track = <C extends { destroy: () => void }>(client: C): C => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    emulators = await startEmulators({ region: 'eu-central-1' });
    for (const name of ['AWS_PROFILE', 'AWS_ENDPOINT_URL']) delete process.env[name];
    Object.assign(process.env, emulators.lambdaEnvironment());
  });
  afterAll(async () => {
    clients.forEach((client) => client.destroy());
    process.env = savedEnvironment;
    await emulators.stop();
  });

  it('uses path-style S3 and the endpoint for SQS only when a custom endpoint is configured', () => {
    expect(hasCustomEndpoint('S3', {})).toBe(false);
    expect(hasCustomEndpoint('S3', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toBe(true);
    expect(hasCustomEndpoint('SQS', { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1' })).toBe(true);
    expect(hasCustomEndpoint('SQS', { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1' })).toBe(false);
  });

  describe('S3 object store', () => {
    const store = () => s3ObjectStore(track(s3ClientFromEnvironment()));

    beforeAll(async () => {
      const admin = track(new S3Client(emulators.clientConfig('s3')));
      await admin.send(new CreateBucketCommand({ Bucket: 'lake' }));
      await admin.send(new CreateBucketCommand({ Bucket: 'versioned-lake' }));
      await admin.send(new PutBucketVersioningCommand({ Bucket: 'versioned-lake', VersioningConfiguration: { Status: 'Enabled' } }));
    });

    it('writes JSON text and reads the same bytes back', async () => {
      const json = '[{"order_id":"o-1","product":"Kaffeemühle ☕"}]';
      const written = await store().putJson({ bucket: 'lake', key: 'incoming/a b.json', json })();
      expect(written).toEqual(E.right({ bucket: 'lake', key: 'incoming/a b.json', etag: expect.any(String), versionId: undefined }));
      const read = await store().getObject({ bucket: 'lake', key: 'incoming/a b.json' })();
      expect(read).toEqual(E.right(expect.objectContaining({ body: json, contentType: 'application/json; charset=utf-8' })));
    });

    it('reads the version it is asked for', async () => {
      const first = await store().putJson({ bucket: 'versioned-lake', key: 'k.json', json: '[1]' })();
      await store().putJson({ bucket: 'versioned-lake', key: 'k.json', json: '[2]' })();
      const versionId = E.isRight(first) ? first.right.versionId : undefined;
      expect(versionId).toEqual(expect.any(String));
      const read = await store().getObject({ bucket: 'versioned-lake', key: 'k.json', versionId })();
      expect(read).toEqual(E.right(expect.objectContaining({ body: '[1]', versionId })));
    });

    it('reports failures as tagged errors with the service error name', async () => {
      await expect(store().putJson({ bucket: 'no-such-bucket', key: 'k', json: '{}' })()).resolves.toEqual(
        E.left({ _tag: 'S3WriteFailed', bucket: 'no-such-bucket', key: 'k', errorName: 'NoSuchBucket', message: expect.any(String) }),
      );
      await expect(store().getObject({ bucket: 'lake', key: 'missing.json' })()).resolves.toEqual(
        E.left({ _tag: 'S3ReadFailed', bucket: 'lake', key: 'missing.json', errorName: 'NoSuchKey', message: expect.any(String) }),
      );
      await expect(store().getObject({ bucket: 'versioned-lake', key: 'k.json', versionId: 'nope' })()).resolves.toEqual(
        E.left(expect.objectContaining({ _tag: 'S3ReadFailed', versionId: 'nope', errorName: 'NoSuchVersion' })),
      );
    });
  });

  describe('DynamoDB order store', () => {
    const store = () => dynamoDBOrderStore(track(dynamoDBClientFromEnvironment()), 'orders');
    const item = { order_id: { S: 'o-1' }, price: { N: '450.5' }, content_hash: { S: 'h1' } };

    beforeAll(async () => {
      const client = track(new DynamoDBClient(emulators.clientConfig('dynamodb')));
      await client.send(
        new CreateTableCommand({
          TableName: 'orders',
          AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: 'orders' });
    });

    it('stores a new order once and refuses to overwrite it', async () => {
      await expect(store().putNew(item)()).resolves.toEqual(E.right(undefined));
      await expect(store().putNew({ ...item, price: { N: '1' } })()).resolves.toEqual(
        E.left({ _tag: 'OrderAlreadyStored', table: 'orders', orderId: 'o-1' }),
      );
      await expect(store().get('o-1')()).resolves.toEqual(E.right(O.some(item)));
      await expect(store().get('o-2')()).resolves.toEqual(E.right(O.none));
    });

    it('marks a stored order alerted once', async () => {
      await expect(store().markAlerted('o-1', '2025-01-01T00:00:00Z')()).resolves.toEqual(E.right(undefined));
      await expect(store().get('o-1')()).resolves.toEqual(E.right(O.some({ ...item, alerted_at: { S: '2025-01-01T00:00:00Z' } })));
      await expect(store().markAlerted('o-1', '2025-01-02T00:00:00Z')()).resolves.toEqual(
        E.left({ _tag: 'OrderNotAlertable', table: 'orders', orderId: 'o-1' }),
      );
      await expect(store().markAlerted('never-stored', '2025-01-01T00:00:00Z')()).resolves.toEqual(
        E.left({ _tag: 'OrderNotAlertable', table: 'orders', orderId: 'never-stored' }),
      );
    });

    it('reports other failures with the service error name', async () => {
      const missingTable = dynamoDBOrderStore(track(dynamoDBClientFromEnvironment()), 'no-such-table');
      await expect(missingTable.putNew(item)()).resolves.toEqual(
        E.left({
          _tag: 'DynamoDBFailed',
          operation: 'PutItem',
          table: 'no-such-table',
          orderId: 'o-1',
          errorName: 'ResourceNotFoundException',
          message: expect.any(String),
        }),
      );
      await expect(store().get('')()).resolves.toEqual(
        E.left(expect.objectContaining({ _tag: 'DynamoDBFailed', operation: 'GetItem', errorName: 'ValidationException' })),
      );
    });
  });

  describe('SQS queue and SNS topic', () => {
    const receiver = () => track(new SQSClient(emulators.clientConfig('sqs')));

    it('sends a message to a queue, also when the queue URL names another host', async () => {
      const { QueueUrl } = await receiver().send(new CreateQueueCommand({ QueueName: 'rejected-orders' }));
      const queue = sqsQueue(track(sqsClientFromEnvironment()));
      const awsShapedUrl = 'https://sqs.eu-central-1.amazonaws.com/000000000000/rejected-orders';
      await expect(queue.sendMessage({ queueUrl: awsShapedUrl, body: '{"type":"order-rejected"}' })()).resolves.toEqual(
        E.right({ messageId: expect.any(String) }),
      );
      const received = await receiver().send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      expect(received.Messages?.map((message) => message.Body)).toEqual(['{"type":"order-rejected"}']);

      const missing = 'https://sqs.eu-central-1.amazonaws.com/000000000000/missing';
      await expect(queue.sendMessage({ queueUrl: missing, body: 'x' })()).resolves.toEqual(
        E.left({ _tag: 'SQSSendFailed', queueUrl: missing, errorName: expect.stringMatching(/NonExistentQueue|QueueDoesNotExist/), message: expect.any(String) }),
      );
    });

    it('publishes to a topic', async () => {
      const sns = track(new SNSClient(emulators.clientConfig('sns')));
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'sales-alerts' }));
      const { QueueUrl } = await receiver().send(new CreateQueueCommand({ QueueName: 'alerts-inbox' }));
      await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: 'sqs',
          Endpoint: 'arn:aws:sqs:eu-central-1:000000000000:alerts-inbox',
          Attributes: { RawMessageDelivery: 'true' },
        }),
      );
      const topic = snsTopic(track(snsClientFromEnvironment()));
      const topicArn = TopicArn ?? '';
      await expect(topic.publish({ topicArn, subject: 'High Value Sale Alert', message: 'We just sold a Laptop for $450!' })()).resolves.toEqual(
        E.right({ messageId: expect.any(String) }),
      );
      const received = await receiver().send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      expect(received.Messages?.[0]?.Body).toBe('We just sold a Laptop for $450!');

      const missing = 'arn:aws:sns:eu-central-1:000000000000:missing';
      await expect(topic.publish({ topicArn: missing, message: 'x' })()).resolves.toEqual(
        E.left({ _tag: 'SNSPublishFailed', topicArn: missing, errorName: 'NotFoundException', message: expect.any(String) }),
      );
    });
  });
});
