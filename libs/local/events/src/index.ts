export * from './object-created-event';
export * from './event-pattern';
