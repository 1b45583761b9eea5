export * from './batch-zone-objects';
export * from './columns';
export * from './reports';
export * from './rows';
export * from './format-rows';
export * from './reconcile';
export * from './zone-writer';
