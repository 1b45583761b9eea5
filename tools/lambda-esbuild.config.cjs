// The esbuild options every Lambda app's `build` target shares (`esbuildConfig` in apps/*/project.json; the target's
// own options set entry, output, platform, target, format, minify). What they are for: a cold start that does
// little besides the handler's own work, a small bundle that reads no files (docs/cost.md, "Cold start").
const { awsSdkBundleFixes } = require('./aws-sdk-bundle-fixes.cjs');
const { lambdaNoSharedConfigFiles } = require('./lambda-no-shared-config-files.cjs');

module.exports = {
  legalComments: 'none',
  // The ES module builds (dist-es, lib/esm), so esbuild can drop what a handler does not import.
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.js' },
  alias: { '@aws-sdk/credential-provider-node': './tools/lambda-credentials.mjs' },
  // What the SDK still loads with import() are Node built-ins (node:http, node:async_hooks): as require calls, the
  // first request does not start Node's ES module loader just for them.
  supported: { 'dynamic-import': false },
  plugins: [awsSdkBundleFixes, lambdaNoSharedConfigFiles],
};
