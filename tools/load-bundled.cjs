// Loads what plain Node cannot (a workspace lib in TypeScript, a package whose ESM build has directory imports):
// esbuild bundles the given module text to CommonJS, resolving from the workspace root with its path aliases, and the
// bundle is evaluated in a scope of its own. Used by tools/write-analytics-tables.mjs and the report SQL tests.
const { join } = require('node:path');
const { buildSync } = require('esbuild');

const workspaceRoot = join(__dirname, '..');

/** The exports of `contents` (e.g. `export { x } from 'package'`), bundled. */
const loadBundled = (contents) => {
  const bundle = buildSync({
    stdin: { contents, resolveDir: workspaceRoot },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, require);
  return module.exports;
};

module.exports = { loadBundled };
