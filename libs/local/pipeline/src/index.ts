export * from './summary';
export * from './progress';
export * from './local-pipeline';
export * from './endpoints';
export * from './execution-ledger';
export * from './soak-checks';
export * from './soak-files';
export * from './soak-observations';
