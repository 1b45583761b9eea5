export * from './function-from-zip';
