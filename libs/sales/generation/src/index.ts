export * from './configuration';
export * from './handler';
export * from './order-file';
export * from './scheduled-event';
