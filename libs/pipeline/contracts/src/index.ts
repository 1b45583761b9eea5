export * from './local-endpoints';
export * from './object-created-event';
