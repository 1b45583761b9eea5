import type { BuildOptions } from 'esbuild';

declare const lambdaEsbuildOptions: BuildOptions;
export = lambdaEsbuildOptions;
