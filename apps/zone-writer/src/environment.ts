import { environmentVariable, lambdaEnvironment, matching } from '@sales-pipeline/lambda-runtime';
import * as t from 'io-ts';

/** The zone writer's environment: the data lake it writes the zone into and the orders table it reads back. */
export const ZoneWriterEnvironment = lambdaEnvironment('zone-writer', {
  DATA_LAKE_BUCKET: environmentVariable(t.string, 'must be an S3 bucket name', matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)),
  ORDERS_TABLE_NAME: environmentVariable(t.string, 'must be a DynamoDB table name', matching(/^[A-Za-z0-9_.-]{3,255}$/)),
});
