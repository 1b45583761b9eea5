export declare const loadBundled: (contents: string) => Record<string, unknown>;
