export * from './event-pattern';
export * from './schedule-expression';
export * from './ticker';
export * from './object-created-rule';
export * from './in-flight';
