import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import * as O from 'fp-ts/Option';
import {
  dynamoDBClientFromEnvironment,
  hasCustomEndpoint,
  s3ClientFromEnvironment,
  s3ObjectStore,
  sqsClientFromEnvironment,
  sqsQueueReader,
} from './index';
import { dynamoDBOrderDocuments, dynamoDBStoredOrders, readAlertMark, type AlertMark } from './order-documents';

const terraformDir = join(__dirname, '..', '..', '..', '..', 'terraform');
const alertMark = async (): Promise<AlertMark> => {
  const read = await readAlertMark(terraformDir)();
  if (E.isLeft(read)) throw new Error(read.left.message);
  return read.right;
};

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

    it('writes text of its content type, a rewrite of the key replacing it', async () => {
      await store().putText({ bucket: 'lake', key: 'analytics/a.jsonl', body: '{"a":1}\n', contentType: 'application/x-ndjson' })();
      await store().putText({ bucket: 'lake', key: 'analytics/a.jsonl', body: '{"a":2}\n', contentType: 'application/x-ndjson' })();
      const read = await store().getObject({ bucket: 'lake', key: 'analytics/a.jsonl' })();
      expect(read).toEqual(E.right(expect.objectContaining({ body: '{"a":2}\n', contentType: 'application/x-ndjson' })));
    });

    it('reads the version it is asked for', async () => {
      const first = await store().putJson({ bucket: 'versioned-lake', key: 'k.json', json: '[1]' })();
      await store().putJson({ bucket: 'versioned-lake', key: 'k.json', json: '[2]' })();
      const versionId = E.isRight(first) ? first.right.versionId : undefined;
      expect(versionId).toEqual(expect.any(String));
      const read = await store().getObject({ bucket: 'versioned-lake', key: 'k.json', versionId })();
      expect(read).toEqual(E.right(expect.objectContaining({ body: '[1]', versionId })));
    });

    it('reads the size, ETag and time of an object version', async () => {
      const first = await store().putJson({ bucket: 'versioned-lake', key: 'incoming/copy-me.json', json: '["first"]' })();
      await store().putJson({ bucket: 'versioned-lake', key: 'incoming/copy-me.json', json: '["second"]' })();
      const versionId = E.isRight(first) ? first.right.versionId : undefined;
      const head = await store().headObject({ bucket: 'versioned-lake', key: 'incoming/copy-me.json', versionId })();
      expect(head).toEqual(E.right(expect.objectContaining({ size: 9, etag: expect.any(String), lastModified: expect.any(Date), versionId })));
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

  describe('DynamoDB order documents', () => {
    beforeAll(async () => {
      const admin = track(new DynamoDBClient(emulators.clientConfig('dynamodb')));
      await admin.send(
        new CreateTableCommand({
          TableName: 'orders',
          AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      await waitUntilTableExists({ client: admin, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: 'orders' });
      await admin.send(new PutItemCommand({ TableName: 'orders', Item: { order_id: { S: 'o-1' }, price: { N: '450.5' }, tags: { L: [{ S: 'a' }] } } }));
      await admin.send(
        new PutItemCommand({ TableName: 'orders', Item: { order_id: { S: 'o-3' }, alert_claim: { S: 'run#3' }, alert_claimed_until: { N: '1' } } }),
      );
    });

    it("marks an order alerted with the alert mark of Terraform's alert-mark.json, once: the claim dropped, an unstored order left alone", async () => {
      const documents = dynamoDBOrderDocuments(track(dynamoDBClientFromEnvironment()), 'orders', await alertMark());
      const at = new Date('2026-12-01T10:00:00Z');
      await expect(documents.markAlerted('o-3', at)()).resolves.toEqual(E.right('marked'));
      await expect(documents.markAlerted('o-3', new Date())()).resolves.toEqual(E.right('already marked'));
      await expect(documents.markAlerted('o-unknown', at)()).resolves.toEqual(E.right('already marked'));
      const { Item } = await track(dynamoDBClientFromEnvironment()).send(new GetItemCommand({ TableName: 'orders', Key: { order_id: { S: 'o-3' } } }));
      expect(Item).toEqual({ order_id: { S: 'o-3' }, alerted_at: { S: at.toISOString() } });
    });

    it('names the alert-mark file when it cannot be read', async () => {
      await expect(readAlertMark('/nowhere')()).resolves.toEqual(
        E.left({ _tag: 'AlertMarkUnreadable', file: join('/nowhere', 'modules', 'order-pipeline', 'alert-mark.json'), message: expect.stringContaining('ENOENT') }),
      );
    });

    it('reads a stored order as plain JSON, and none for an unknown id', async () => {
      const documents = dynamoDBOrderDocuments(track(dynamoDBClientFromEnvironment()), 'orders', await alertMark());
      await expect(documents.get('o-1')()).resolves.toEqual(E.right(O.some({ order_id: 'o-1', price: 450.5, tags: ['a'] })));
      await expect(documents.get('o-2')()).resolves.toEqual(E.right(O.none));
    });

    it('reads many stored orders at once (over the 100 keys of one call), only the attributes asked, reserved words too', async () => {
      const admin = track(new DynamoDBClient(emulators.clientConfig('dynamodb')));
      const ids = Array.from({ length: 120 }, (_, at) => `many-${at}`);
      await Promise.all(
        ids.map((id) =>
          admin.send(new PutItemCommand({ TableName: 'orders', Item: { order_id: { S: id }, status: { S: 'shipped' }, 'contact-info': { S: 'x' } } })),
        ),
      );
      const read = await dynamoDBStoredOrders(track(dynamoDBClientFromEnvironment()), 'orders').getMany([...ids, 'not-stored'], ['status'])();
      if (E.isLeft(read)) throw new Error(JSON.stringify(read.left));
      expect(read.right.size).toBe(120);
      expect(read.right.get('many-119')).toEqual({ order_id: 'many-119', status: 'shipped' });
    });

    it('names the table and the service error when the table is missing', async () => {
      const documents = dynamoDBOrderDocuments(track(dynamoDBClientFromEnvironment()), 'no-such-table', await alertMark());
      await expect(documents.get('o-1')()).resolves.toEqual(
        E.left({ _tag: 'AwsCallFailed', operation: 'GetItem', resource: 'no-such-table', errorName: 'ResourceNotFoundException', message: expect.any(String) }),
      );
    });
  });

  describe('SQS queue reader', () => {
    const admin = () => track(new SQSClient(emulators.clientConfig('sqs')));

    it('finds a queue by name, receives every message with its attributes, releases and removes them', async () => {
      const { QueueUrl = '' } = await admin().send(new CreateQueueCommand({ QueueName: 'dead-letter' }));
      for (let n = 0; n < 13; n += 1) {
        await admin().send(
          new SendMessageCommand({
            QueueUrl,
            MessageBody: JSON.stringify({ n }),
            MessageAttributes: n === 0 ? { RULE_ARN: { DataType: 'String', StringValue: 'arn:aws:events:eu-central-1:000000000000:rule/r' } } : {},
          }),
        );
      }
      const reader = sqsQueueReader(track(sqsClientFromEnvironment()));
      const url = await reader.urlOf('dead-letter')();
      expect(url).toEqual(E.right(expect.stringContaining('dead-letter')));
      const awsShapedUrl = 'https://sqs.eu-central-1.amazonaws.com/000000000000/dead-letter';

      const all = await reader.receiveAll(awsShapedUrl, 30)();
      const messages = E.isRight(all) ? all.right : [];
      expect(messages.map((message) => JSON.parse(message.body).n).sort((a, b) => a - b)).toEqual([...Array(13).keys()]);
      expect(messages.find((message) => message.body === '{"n":0}')?.attributes).toEqual({ RULE_ARN: 'arn:aws:events:eu-central-1:000000000000:rule/r' });
      expect(messages[0]?.sentAt).toEqual(expect.any(Number));
      // Hidden while received: a second read sees nothing until they are released.
      await expect(reader.receiveAll(awsShapedUrl, 30)()).resolves.toEqual(E.right([]));

      const [first, ...rest] = messages;
      await expect(reader.remove(awsShapedUrl, first?.receiptHandle ?? '')()).resolves.toEqual(E.right(undefined));
      await expect(reader.release(awsShapedUrl, rest.map((message) => message.receiptHandle))()).resolves.toEqual(E.right(undefined));
      const again = await reader.receiveAll(awsShapedUrl, 30)();
      expect(E.isRight(again) ? again.right.length : -1).toBe(12);

      // Page by page: a refused page ends the paging with the refusal; the pages before it were handed over.
      await reader.release(awsShapedUrl, E.isRight(again) ? again.right.map((message) => message.receiptHandle) : [])();
      const pages: number[] = [];
      const refused = await reader.receiveEach(awsShapedUrl, 30, (page) => (pages.push(page.length), pages.length === 2 ? TE.left('full' as const) : TE.right(undefined)))();
      expect(refused).toEqual(E.left('full'));
      expect(pages).toHaveLength(2);
    });

    it('reports a missing queue by its service error', async () => {
      const reader = sqsQueueReader(track(sqsClientFromEnvironment()));
      await expect(reader.urlOf('missing')()).resolves.toEqual(
        E.left(expect.objectContaining({ _tag: 'AwsCallFailed', operation: 'GetQueueUrl', resource: 'missing', errorName: expect.stringMatching(/NonExistentQueue|QueueDoesNotExist/) })),
      );
    });
  });
});
