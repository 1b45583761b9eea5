export * from './order-file';
export * from './scheduled-event';
