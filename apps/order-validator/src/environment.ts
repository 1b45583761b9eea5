import { environmentVariable, lambdaEnvironment, numberWithin } from '@sales-pipeline/lambda-runtime';
import * as t from 'io-ts';

/** The validator's environment: HIGH_VALUE_THRESHOLD is required. */
export const ValidatorEnvironment = lambdaEnvironment('order-validator', {
  HIGH_VALUE_THRESHOLD: environmentVariable(t.number, 'must be a number greater than 0', numberWithin(0, Number.MAX_VALUE, { exclusiveMin: true })),
});
