import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as TE from 'fp-ts/TaskEither';
import type { PageAssets } from './render';

export interface AssetUnreadable {
  readonly _tag: 'AssetUnreadable';
  readonly message: string;
}

/** Chart.js's browser build (UMD, minified): its package exports no such path, so it is found beside its main file. */
const chartJsPath = (): string => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/** The page must fetch nothing, its source map included. */
const withoutSourceMap = (script: string): string => script.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');

export const loadPageAssets: TE.TaskEither<AssetUnreadable, PageAssets> = TE.tryCatch(
  async () => ({ chartJs: withoutSourceMap(await readFile(chartJsPath(), 'utf8')) }),
  (error): AssetUnreadable => ({ _tag: 'AssetUnreadable', message: error instanceof Error ? error.message : String(error) }),
);

export const describeAssetUnreadable = (error: AssetUnreadable): string =>
  `cannot read the chart library Chart.js: ${error.message}; run npm ci`;
