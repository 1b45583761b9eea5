export * from './summary';
export * from './progress';
export * from './local-pipeline';
export * from './endpoints';
export * from './execution-ledger';
