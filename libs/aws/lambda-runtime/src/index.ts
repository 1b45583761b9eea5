export * from './environment';
export * from './handler-error';
export * from './lambda-runtime';
