export * from './summary';
export * from './progress';
export * from './local-pipeline';
export * from './soak-checks';
export * from './soak-files';
