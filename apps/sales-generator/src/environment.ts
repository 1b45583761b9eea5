import { environmentVariable, lambdaEnvironment, matching, numberWithin } from '@sales-pipeline/lambda-runtime';
import type { GenerationSettings } from '@sales-pipeline/sales-generation';
import * as t from 'io-ts';

const MaxOrdersPerFile = 10_000;

/** S3's bucket naming rules (3–63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric). */
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The generator's environment: DATA_LAKE_BUCKET is required; the rest have defaults. */
export const GeneratorEnvironment = lambdaEnvironment('sales-generator', {
  DATA_LAKE_BUCKET: environmentVariable(t.string, 'must be an S3 bucket name', matching(bucketName)),
  ORDERS_PER_FILE: environmentVariable(
    t.number,
    `must be an integer from 1 to ${MaxOrdersPerFile}`,
    numberWithin(1, MaxOrdersPerFile, { integer: true }),
    100,
  ),
  INVALID_SHARE: environmentVariable(t.number, 'must be a number from 0 to 1', numberWithin(0, 1), 0.1),
  HIGH_VALUE_THRESHOLD: environmentVariable(t.number, 'must be a number of at least 0', numberWithin(0, Number.MAX_VALUE), 400),
});
export type GeneratorEnvironment = t.TypeOf<typeof GeneratorEnvironment>;

export const generationSettings = (environment: GeneratorEnvironment): GenerationSettings => ({
  bucket: environment.DATA_LAKE_BUCKET,
  ordersPerFile: environment.ORDERS_PER_FILE,
  invalidShare: environment.INVALID_SHARE,
  highValueThreshold: environment.HIGH_VALUE_THRESHOLD,
});
