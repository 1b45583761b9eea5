export * from './aws-error';
export * from './clients';
export * from './lambda-environment';
export * from './lambda-function';
export * from './object-store';
export * from './order-documents';
export * from './queue-reader';
export * from './state-machine-executions';
