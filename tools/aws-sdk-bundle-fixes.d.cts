import type { Plugin } from 'esbuild';

export declare const awsSdkBundleFixes: Plugin;
export declare const literalSchemaTraitKeys: (source: string, path: string) => string;
export declare const staticEventStreamsImport: (source: string, path: string) => string;
