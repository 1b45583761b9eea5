export * from './zone-fixture';
