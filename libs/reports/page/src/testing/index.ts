export * from './sales-zone';
export * from './sample-pages';
