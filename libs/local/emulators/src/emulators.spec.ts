import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulators, emulatorProcessPath, type Emulators, type ObjectCreated } from './emulators';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pids of this process's children (Linux /proc), to see that stop() leaves none behind. */
const childPids = async (): Promise<number[]> => {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids = await readdir('/proc');
  const parents = await Promise.all(
    pids
      .filter((pid) => /^\d+$/.test(pid))
      .map(async (pid) => {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        return { pid: Number(pid), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) };
      }),
  );
  return parents.filter(({ ppid }) => ppid === process.pid).map(({ pid }) => pid);
};

const nextObjectCreated = (emulators: Emulators, key: string): Promise<ObjectCreated> =>
  new Promise((resolve) => {
    const unsubscribe = emulators.onObjectCreated((object) => {
      if (object.key === key) {
        unsubscribe();
        resolve(object);
      }
    });
  });

const createOrdersTable = async (dynamodb: DynamoDBClient) => {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // dynalite makes a table ACTIVE asynchronously: wait as Terraform does, or a loaded machine fails the PutItem.
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 }, { TableName: 'orders' });
};

describe('startEmulators', () => {
  let emulators: Emulators;
  let s3: S3Client;
  let s3Path: string;

  // S3 on disk, as the local pipeline runs it.
  beforeAll(async () => {
    s3Path = await mkdtemp(join(tmpdir(), 's3-'));
    emulators = await startEmulators({ region: 'eu-west-1', s3Path });
    s3 = new S3Client(emulators.clientConfig('s3'));
  });
  afterAll(async () => {
    s3.destroy();
    await emulators.stop();
    await rm(s3Path, { recursive: true, force: true });
  });

  it('serves on 127.0.0.1 and describes itself for SDK clients and Lambdas', () => {
    expect(emulators.region).toBe('eu-west-1');
    for (const endpoint of Object.values(emulators.endpoints)) expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulators.clientConfig('s3')).toMatchObject({ region: 'eu-west-1', endpoint: emulators.endpoints.s3, forcePathStyle: true });
    expect(emulators.clientConfig('sqs')).toMatchObject({ endpoint: emulators.endpoints.sqs, useQueueUrlAsEndpoint: false });
    expect(emulators.lambdaEnvironment()).toEqual({
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: emulators.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: emulators.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_S3: emulators.endpoints.s3,
      AWS_ENDPOINT_URL_SQS: emulators.endpoints.sqs,
      AWS_ENDPOINT_URL_SNS: emulators.endpoints.sns,
      AWS_ENDPOINT_URL_DYNAMODB: emulators.endpoints.dynamodb,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(emulatorProcessPath()).toMatch(/libs\/local\/emulators\/src\/emulator-process\.mjs$/);
  });

  it('announces an object write with its decoded key, size and ETag', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'plain' }));
    const key = 'incoming/with spaces/ünïcödé €+%/order file (1).json';
    const announced = nextObjectCreated(emulators, key);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: key, Body: '[{"a":1}]' }));
    const object = await announced;
    expect(object).toEqual({
      bucket: 'plain',
      key,
      size: 9,
      etag: put.ETag?.replaceAll('"', ''),
      sequencer: expect.stringMatching(/^[0-9A-F]{16}$/),
      time: expect.any(String),
    });
    expect(put.VersionId).toBeUndefined();
    const read = await s3.send(new GetObjectCommand({ Bucket: 'plain', Key: key }));
    await expect(read.Body?.transformToString()).resolves.toBe('[{"a":1}]');
  });

  it('keeps versions in a versioned bucket and serves the one asked for', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'lake', VersioningConfiguration: { Status: 'Enabled' } }));
    await expect(s3.send(new GetBucketVersioningCommand({ Bucket: 'lake' }))).resolves.toMatchObject({ Status: 'Enabled' });

    const firstAnnounced = nextObjectCreated(emulators, 'incoming/a.json');
    const first = await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', Body: 'first' }));
    const firstEvent = await firstAnnounced;
    const secondAnnounced = nextObjectCreated(emulators, 'incoming/a.json');
    const second = await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', Body: 'second!' }));
    const secondEvent = await secondAnnounced;

    expect(first.VersionId).toEqual(expect.any(String));
    expect(second.VersionId).not.toBe(first.VersionId);
    expect(firstEvent.versionId).toBe(first.VersionId);
    expect(secondEvent).toMatchObject({ versionId: second.VersionId, size: 7 });
    expect(secondEvent.sequencer > firstEvent.sequencer).toBe(true);

    const read = async (versionId?: string) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', VersionId: versionId }));
      return { body: await object.Body?.transformToString(), versionId: object.VersionId };
    };
    await expect(read(first.VersionId)).resolves.toEqual({ body: 'first', versionId: first.VersionId });
    await expect(read()).resolves.toEqual({ body: 'second!', versionId: second.VersionId });
    await expect(read('no-such-version')).rejects.toMatchObject({ name: 'NoSuchVersion' });
  });

  it('announces CopyObject and CompleteMultipartUpload writes', async () => {
    const copied = nextObjectCreated(emulators, 'incoming/copy.json');
    await s3.send(new CopyObjectCommand({ Bucket: 'lake', Key: 'incoming/copy.json', CopySource: 'plain/incoming/with%20spaces/%C3%BCn%C3%AF' + 'c%C3%B6d%C3%A9%20%E2%82%AC%2B%25/order%20file%20%281%29.json' }));
    await expect(copied).resolves.toMatchObject({ bucket: 'lake', key: 'incoming/copy.json', size: 9, versionId: expect.any(String) });

    const key = 'incoming/multi part.json';
    const completed = nextObjectCreated(emulators, key);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'lake', Key: key }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'lake', Key: key, UploadId, PartNumber: 1, Body: 'only part' }));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'lake', Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
    );
    await expect(completed).resolves.toMatchObject({ key, size: 9, versionId: done.VersionId });
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: key, Range: 'bytes=5-8' }));
    await expect(ranged.Body?.transformToString()).resolves.toBe('part');
  });

  it('serves SQS, SNS and DynamoDB', async () => {
    const sqs = new SQSClient(emulators.clientConfig('sqs'));
    const sns = new SNSClient(emulators.clientConfig('sns'));
    const dynamodb = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'rejected-orders' }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"type":"order-rejected"}' }));
      // An AWS-shaped URL of the same queue name reaches it too.
      const awsShapedUrl = `https://sqs.eu-west-1.amazonaws.com/000000000000/rejected-orders`;
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: awsShapedUrl, WaitTimeSeconds: 1 }));
      expect(received.Messages?.map((message) => message.Body)).toEqual(['{"type":"order-rejected"}']);

      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'sales-alerts' }));
      const { QueueUrl: alertsUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'alerts-inbox' }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:eu-west-1:000000000000:alerts-inbox', Attributes: { RawMessageDelivery: 'true' } }));
      await sns.send(new PublishCommand({ TopicArn, Subject: 'High Value Sale Alert', Message: 'We just sold a Laptop for $450!' }));
      const alert = await sqs.send(new ReceiveMessageCommand({ QueueUrl: alertsUrl, WaitTimeSeconds: 1 }));
      expect(alert.Messages?.[0]?.Body).toBe('We just sold a Laptop for $450!');

      await createOrdersTable(dynamodb);
      await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { order_id: { S: 'o-1' }, price: { N: '450' } } }));
      const item = await dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { order_id: { S: 'o-1' } }, ConsistentRead: true }));
      expect(item.Item).toEqual({ order_id: { S: 'o-1' }, price: { N: '450' } });
    } finally {
      sqs.destroy();
      sns.destroy();
      dynamodb.destroy();
    }
  });

  it('ignores the SIGINT and SIGTERM a terminal sends to the process group, and keeps serving until stop()', async () => {
    const before = await childPids();
    const started = await startEmulators();
    const [pid] = (await childPids()).filter((candidate) => !before.includes(candidate));
    process.kill(pid as number, 'SIGINT');
    process.kill(pid as number, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sqs = new SQSClient(started.clientConfig('sqs'));
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'still-there' }));
      expect(QueueUrl).toContain('still-there');
    } finally {
      sqs.destroy();
      await started.stop();
    }
    expect(isAlive(pid as number)).toBe(false);
  });

  it('keeps S3 (buckets, objects, versions, sequencers) and DynamoDB on disk: a restart on the same directories finds them', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'emulator-state-'));
    const paths = { s3Path: join(directory, 's3'), dynamodbPath: join(directory, 'dynamodb') };
    const run = async <A>(work: (clients: { s3: S3Client; dynamodb: DynamoDBClient }, started: Emulators) => Promise<A>): Promise<A> => {
      const started = await startEmulators(paths);
      const clients = { s3: new S3Client(started.clientConfig('s3')), dynamodb: new DynamoDBClient(started.clientConfig('dynamodb')) };
      try {
        return await work(clients, started);
      } finally {
        clients.s3.destroy();
        clients.dynamodb.destroy();
        await started.stop();
      }
    };
    try {
      const first = await run(async ({ s3: s3Client, dynamodb }, started) => {
        await s3Client.send(new CreateBucketCommand({ Bucket: 'lake' }));
        await s3Client.send(new PutBucketVersioningCommand({ Bucket: 'lake', VersioningConfiguration: { Status: 'Enabled' } }));
        const one = await s3Client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', Body: 'one' }));
        const announced = nextObjectCreated(started, 'incoming/a.json');
        const two = await s3Client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', Body: 'two' }));
        await createOrdersTable(dynamodb);
        await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { order_id: { S: 'o-1' } } }));
        return { one: one.VersionId, two: two.VersionId, sequencer: (await announced).sequencer };
      });
      await run(async ({ s3: s3Client, dynamodb }, started) => {
        const read = async (versionId?: string) => (await s3Client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', VersionId: versionId }))).Body?.transformToString();
        await expect(read()).resolves.toBe('two');
        await expect(read(first.one)).resolves.toBe('one');
        await expect(s3Client.send(new GetBucketVersioningCommand({ Bucket: 'lake' }))).resolves.toMatchObject({ Status: 'Enabled' });
        const announced = nextObjectCreated(started, 'incoming/a.json');
        const three = await s3Client.send(new PutObjectCommand({ Bucket: 'lake', Key: 'incoming/a.json', Body: 'three' }));
        const event = await announced;
        expect([first.one, first.two]).not.toContain(three.VersionId);
        expect(event.sequencer > first.sequencer).toBe(true);
        expect((await dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { order_id: { S: 'o-1' } } }))).Item).toEqual({ order_id: { S: 'o-1' } });
      });
      // Three versions, three bodies on disk; nothing held in memory decides that.
      expect(await readdir(join(paths.s3Path, 'objects'))).toHaveLength(3);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it('leaves no process behind after stop', async () => {
    const before = await childPids();
    const started = await startEmulators();
    const [pid] = (await childPids()).filter((candidate) => !before.includes(candidate));
    expect(pid).toBeDefined();
    await started.stop();
    expect(isAlive(pid as number)).toBe(false);
  });
});
