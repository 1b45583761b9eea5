import { environmentVariable, lambdaEnvironment, matching } from '@sales-pipeline/lambda-runtime';
import * as t from 'io-ts';

/** The preparer's environment: PREPARED_PREFIX is required (Terraform passes the data lake's prepared prefix). */
export const PreparerEnvironment = lambdaEnvironment('order-file-preparer', {
  PREPARED_PREFIX: environmentVariable(t.string, 'must be a key prefix ending with /', matching(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*\/$/)),
});
