import type { Plugin } from 'esbuild';

export declare const lambdaNoSharedConfigFiles: Plugin;
