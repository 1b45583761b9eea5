export * from './errors';
export * from './value';
export * from './template';
export * from './evaluate';
export * from './module';
export * from './templatefile';
export * from './tfvars';
