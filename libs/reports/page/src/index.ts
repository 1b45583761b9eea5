export * from './assets';
export * from './charts';
export * from './format';
export * from './page-model';
export * from './render';
export * from './run-reports';
export * from './serve';
