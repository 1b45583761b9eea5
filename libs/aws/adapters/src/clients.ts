import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Whether the standard environment points `service` at a custom endpoint (`AWS_ENDPOINT_URL_<SERVICE>` or
 * `AWS_ENDPOINT_URL`). The SDK v3 clients read those variables, the region and the credentials themselves; the
 * factories below only add what a custom endpoint needs besides.
 */
export const hasCustomEndpoint = (service: 'S3' | 'SQS', env: Environment = process.env): boolean =>
  Boolean(env[`AWS_ENDPOINT_URL_${service}`] || env['AWS_ENDPOINT_URL']);

/** S3 from the environment; path-style addressing against a custom endpoint (no `<bucket>.<host>` DNS locally). */
export const s3ClientFromEnvironment = (env: Environment = process.env): S3Client =>
  new S3Client({ forcePathStyle: hasCustomEndpoint('S3', env) });

/** SQS from the environment; against a custom endpoint requests go there, not to the host a queue URL names. */
export const sqsClientFromEnvironment = (env: Environment = process.env): SQSClient =>
  new SQSClient({ useQueueUrlAsEndpoint: !hasCustomEndpoint('SQS', env) });

export const snsClientFromEnvironment = (): SNSClient => new SNSClient({});

export const dynamoDBClientFromEnvironment = (): DynamoDBClient => new DynamoDBClient({});
