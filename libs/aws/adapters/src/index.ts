export * from './aws-error';
export * from './clients';
export * from './object-store';
export * from './order-store';
export * from './queue';
export * from './topic';
export * from './lambda-environment';
