import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: apps are thin composition roots, logic lives in libs, and the domain stays pure.
 *   type:domain   pure codecs and rules; no AWS, no I/O
 *   type:adapter  fp-ts TaskEither ports over the AWS SDK v3 clients
 *   type:feature  a use case composing domain and adapters (what a handler runs)
 *   type:util     tooling shared by tests and the local runner (HCL, templates)
 *   type:local    the local AWS emulation (never shipped in a Lambda)
 *   type:app      Lambda handlers, the local runner, the Terraform project
 * Scopes, where a direction matters (`nx graph` draws them; apps/pipeline-ops/test/boundaries.spec.ts proves a
 * forbidden import fails):
 *   scope:lambda     the handlers and their runtime lib: domain, adapter and feature libs only
 *   scope:ops        the operator's command line and its use cases: never the local emulation (type:local); the
 *                    contracts it shares with the runner live in type:domain libs (pipeline-contracts)
 *   scope:local      the local emulation and runner: its libs never import the operator's tooling (scope:ops), which
 *                    sits above them
 *   scope:local-ops  where the two meet: the ops replays and the soak's observations over a local pipeline
 */
const awsPackages = ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*', 'aws-lambda', 'aws-local-stepfunctions'];

const sharedConstraints = (forTests) => [
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    bannedExternalImports: [...awsPackages, 'fauxqs', 'dynalite', 'node:fs', 'fs', 'node:http', 'http'],
  },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', ...(forTests ? ['type:local'] : [])] },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:feature', ...(forTests ? ['type:local'] : [])],
  },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  {
    sourceTag: 'type:local',
    onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:feature', 'type:util', 'type:local'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:feature', 'type:util', 'type:local'],
  },
  // What ships in a Lambda zip never pulls in the local emulation or the Terraform tooling; its tests may.
  // Direct imports only: `notDependOnLibsWithTags` follows the project graph, which also holds the libs' test
  // imports (adapters and features test against the emulators). The production sources of domain, adapter and
  // feature libs may not import type:local/type:util (rules above), so nothing reaches a zip transitively.
  ...(forTests ? [] : [{ sourceTag: 'scope:lambda', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:feature'] }]),
  // The same closure for the operator's command line; Terraform's names come through type:util (terraform-hcl).
  { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:feature', 'type:util', ...(forTests ? ['type:local'] : [])] },
  // Nothing imports upward: an emulation lib may use any scope but the operator's (its tests may check their output
  // with ops' codecs). A regular expression, so that a lib of a new scope needs no change here.
  ...(forTests ? [] : [{ allSourceTags: ['scope:local', 'type:local'], onlyDependOnLibsWithTags: ['/^scope:(?!ops$)/'] }]),
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '**/.nx'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: sharedConstraints(false),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints: sharedConstraints(true) },
      ],
    },
  },
];
