export * from './json-array-elements';
