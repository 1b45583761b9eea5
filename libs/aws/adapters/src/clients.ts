import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The one client factory of the functions, the ops command line and the local runs: every client is configured
 * from the standard AWS environment only (region, credential chain, `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`,
 * which the SDK v3 clients read themselves); the factories add only what a custom endpoint needs besides.
 */
export const hasCustomEndpoint = (service: 'S3' | 'SQS', env: Environment = process.env): boolean =>
  Boolean(env[`AWS_ENDPOINT_URL_${service}`] || env['AWS_ENDPOINT_URL']);

/** S3 from the environment; path-style addressing against a custom endpoint (no `<bucket>.<host>` DNS locally). */
export const s3ClientFromEnvironment = (env: Environment = process.env): S3Client =>
  new S3Client({ forcePathStyle: hasCustomEndpoint('S3', env) });

/** SQS from the environment; against a custom endpoint requests go there, not to the host a queue URL names. */
export const sqsClientFromEnvironment = (env: Environment = process.env): SQSClient =>
  new SQSClient({ useQueueUrlAsEndpoint: !hasCustomEndpoint('SQS', env) });

export const dynamoDBClientFromEnvironment = (): DynamoDBClient => new DynamoDBClient({});

export const sfnClientFromEnvironment = (): SFNClient => new SFNClient({});

export const lambdaClientFromEnvironment = (): LambdaClient => new LambdaClient({});
