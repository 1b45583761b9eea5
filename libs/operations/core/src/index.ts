export * from './dead-letter';
export * from './file-version-event';
export * from './order-view';
export * from './ports';
export * from './redrive';
export * from './rejected-orders';
export * from './replay-plan';
export * from './zone-rewrite';
