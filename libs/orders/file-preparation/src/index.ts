export * from './prepare-order-file';
export * from './prepared-key';
export * from './settings';
