// Infers a `typecheck` target for every project with a tsconfig.spec.json (its sources and tests).
// Needed because ts-jest only transpiles (isolatedModules) and esbuild checks just the Lambdas' production code.
// Cache and inputs live in nx.json targetDefaults.typecheck, beside lint and test.
const { dirname, join } = require('node:path');
const { existsSync } = require('node:fs');

module.exports = {
  name: 'typecheck',
  createNodes: [
    '**/tsconfig.spec.json',
    (specConfigs, _options, context) =>
      specConfigs
        .filter((specConfig) => existsSync(join(context.workspaceRoot, dirname(specConfig), 'project.json')))
        .map((specConfig) => [
          specConfig,
          {
            projects: {
              [dirname(specConfig)]: {
                targets: {
                  typecheck: {
                    executor: 'nx:run-commands',
                    options: { command: `tsc --noEmit -p ${specConfig}` },
                  },
                },
              },
            },
          },
        ]),
  ],
};
