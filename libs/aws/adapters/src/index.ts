export * from './aws-error';
export * from './clients';
export * from './lambda-function';
export * from './object-store';
export * from './queue';
export * from './queue-reader';
export * from './state-machine-executions';
// order-documents and object-streams are their own entry points (@sales-pipeline/aws-adapters/order-documents and
// …/object-streams): @aws-sdk/lib-dynamodb and @aws-sdk/lib-storage do not declare themselves free of side effects,
// so through this barrel they would be bundled into every Lambda zip.
