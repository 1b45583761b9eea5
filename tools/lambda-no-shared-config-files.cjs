// The AWS SDK's shared config and credentials files (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE) do not exist in a Lambda execution environment: a function's settings are its
// environment variables, as its credentials are (tools/lambda-credentials.mjs). Yet every client setting the
// environment leaves unset (retry mode, checksums, ARN region, FIPS, ...) makes the SDK read both files at the first
// request, which Lambda pays at every cold start for two failed reads. In the Lambda bundles the loader finds no files.
const { readFile } = require('node:fs/promises');
const { dirname } = require('node:path');

const NO_FILES = `export { CONFIG_PREFIX_SEPARATOR } from "./constants";
export const loadSharedConfigFiles = async () => ({ configFile: {}, credentialsFile: {} });
`;

/** The esbuild plugin: @smithy/core's shared-ini-file-loader/loadSharedConfigFiles.js as a loader of no files. */
const lambdaNoSharedConfigFiles = {
  name: 'lambda-no-shared-config-files',
  setup(build) {
    build.onLoad({ filter: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]config[\\/]shared-ini-file-loader[\\/]loadSharedConfigFiles\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('export const loadSharedConfigFiles = async')) throw new Error(`${path}: no loadSharedConfigFiles to replace; check lambdaNoSharedConfigFiles`);
      return { contents: NO_FILES, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

module.exports = { lambdaNoSharedConfigFiles };
