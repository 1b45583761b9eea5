export * from './local-pipeline-replayers';
export * from './soak-observations';
