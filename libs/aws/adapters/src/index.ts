export * from './aws-error';
export * from './clients';
export * from './lambda-environment';
export * from './lambda-function';
export * from './lambda-observability';
export * from './object-store';
export * from './queue';
export * from './queue-reader';
export * from './state-machine-executions';
// order-documents is its own entry point (@sales-pipeline/aws-adapters/order-documents): @aws-sdk/lib-dynamodb does
// not declare itself free of side effects, so through this barrel it would be bundled into every Lambda zip.
