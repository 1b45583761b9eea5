export * from './terraform-world';
export * from './local-deployment';
export * from './create-resources';
