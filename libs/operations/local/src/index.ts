export * from './file-version-event';
export * from './local-pipeline-replayers';
