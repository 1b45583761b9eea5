export * from './high-value';
