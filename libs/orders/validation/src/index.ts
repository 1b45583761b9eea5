export * from './batch-limits';
export * from './settings';
export * from './store-limits';
export * from './validate-batch';
