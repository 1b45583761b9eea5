import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { InvocationResult, LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import type { ClientConfigs, Definition } from '../src';

export const fixture = (name: string): Definition => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

/** A function in memory, shaped as lambda-zip's LambdaFunction: the runner's port to Lambda. */
export const fakeFunction = (handler: (event: unknown) => unknown): LambdaFunction & { readonly events: unknown[] } => {
  const events: unknown[] = [];
  return {
    events,
    invoke: async (event): Promise<InvocationResult> => {
      events.push(event);
      try {
        return { ok: true, payload: await handler(event) };
      } catch (error) {
        return error instanceof Error ? { ok: false, errorType: error.name, errorMessage: error.message } : { ok: false, errorType: 'Error', errorMessage: String(error) };
      }
    },
    stop: async () => undefined,
  };
};

export interface Cloud {
  readonly emulators: Emulators;
  readonly configs: ClientConfigs;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly stop: () => Promise<void>;
}

export const startCloud = async (): Promise<Cloud> => {
  const emulators = await startEmulators();
  const configs = {
    dynamodb: emulators.clientConfig('dynamodb'),
    s3: emulators.clientConfig('s3'),
    sqs: emulators.clientConfig('sqs'),
    sns: emulators.clientConfig('sns'),
  };
  const dynamodb = new DynamoDBClient(configs.dynamodb);
  const s3 = new S3Client(configs.s3);
  const sqs = new SQSClient(configs.sqs);
  const sns = new SNSClient(configs.sns);
  return {
    emulators,
    configs,
    dynamodb,
    s3,
    sqs,
    sns,
    stop: async () => {
      for (const client of [dynamodb, s3, sqs, sns]) client.destroy();
      await emulators.stop();
    },
  };
};

/** Creates a table and waits until it is ACTIVE (dynalite gets there asynchronously, as DynamoDB does). */
export const createTable = async (cloud: Cloud, name: string, key = 'order_id') => {
  await cloud.dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client: cloud.dynamodb, maxWaitTime: 60, minDelay: 0.05, maxDelay: 0.5 }, { TableName: name });
};

export const createQueue = async (cloud: Cloud, name: string): Promise<string> =>
  (await cloud.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? Promise.reject(new Error(`CreateQueue ${name} returned no URL`));

export const createTopic = async (cloud: Cloud, name: string): Promise<string> =>
  (await cloud.sns.send(new CreateTopicCommand({ Name: name }))).TopicArn ?? Promise.reject(new Error(`CreateTopic ${name} returned no ARN`));

export const createBucket = (cloud: Cloud, name: string) => cloud.s3.send(new CreateBucketCommand({ Bucket: name }));

export const putText = (cloud: Cloud, bucket: string, key: string, body: string) =>
  cloud.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

export const getJson = async (cloud: Cloud, bucket: string, key: string): Promise<unknown> => {
  const object = await cloud.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await object.Body?.transformToString()) ?? 'null');
};

export const receiveBodies = async (cloud: Cloud, queueUrl: string): Promise<unknown[]> => {
  const received = await cloud.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (received.Messages ?? []).map((message) => JSON.parse(message.Body ?? 'null'));
};
