import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The module boundaries of eslint.config.mjs, proven on fixture files: ESLint (in one child process, as `nx lint`
 * runs it, on the project graph Nx cached for this run) lints each fixture as if it were a file of the project its
 * path names. Each fixture also imports something its scope may, so a rule that refused everything would fail too.
 */
const workspaceRoot = join(__dirname, '..', '..', '..');

interface Fixture {
  readonly filePath: string;
  readonly text: string;
}

interface Finding {
  readonly filePath: string;
  readonly line: number;
  readonly message: string;
}

const lintScript = `
const { ESLint } = require('eslint');
const fixtures = JSON.parse(process.argv[1]);
(async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const findings = [];
  for (const fixture of fixtures)
    for (const result of await eslint.lintText(fixture.text, { filePath: fixture.filePath }))
      for (const message of result.messages)
        if (message.ruleId === '@nx/enforce-module-boundaries') findings.push({ filePath: fixture.filePath, line: message.line, message: message.message });
  process.stdout.write(JSON.stringify(findings));
})().catch((error) => { console.error(error); process.exit(1); });
`;

const boundaryFindings = (fixtures: readonly Fixture[]): readonly Finding[] =>
  JSON.parse(execFileSync(process.execPath, ['-e', lintScript, JSON.stringify(fixtures)], { cwd: workspaceRoot, encoding: 'utf8' })) as Finding[];

const fixture = (filePath: string, allowed: string, forbidden: string): Fixture => ({
  filePath: join(workspaceRoot, filePath),
  text: `import * as allowed from '${allowed}';\nimport * as forbidden from '${forbidden}';\nexport const probe = [allowed, forbidden];\n`,
});

it('refuses the emulation to the operator command line and to a Lambda, and the operator tooling to the emulation', () => {
  const findings = boundaryFindings([
    fixture('apps/pipeline-ops/src/boundary-probe.ts', '@sales-pipeline/pipeline-contracts', '@sales-pipeline/local-events'),
    fixture('libs/operations/core/src/boundary-probe.ts', '@sales-pipeline/aws-adapters', '@sales-pipeline/local-emulators'),
    fixture('apps/order-validator/src/boundary-probe.ts', '@sales-pipeline/lambda-runtime', '@sales-pipeline/local-emulators'),
    fixture('libs/local/pipeline/src/boundary-probe.ts', '@sales-pipeline/pipeline-contracts', '@sales-pipeline/operations'),
  ]);
  const opsOnly = 'A project tagged with "scope:ops" can only depend on libs tagged with "type:domain", "type:adapter", "type:feature", "type:util"';
  expect(findings.map(({ filePath, line, message }) => ({ file: filePath.slice(workspaceRoot.length + 1), line, message }))).toEqual([
    { file: 'apps/pipeline-ops/src/boundary-probe.ts', line: 2, message: opsOnly },
    // The ops use cases are closed by their type's rule, checked first.
    {
      file: 'libs/operations/core/src/boundary-probe.ts',
      line: 2,
      message: 'A project tagged with "type:feature" can only depend on libs tagged with "type:domain", "type:adapter", "type:feature"',
    },
    {
      file: 'apps/order-validator/src/boundary-probe.ts',
      line: 2,
      message: 'A project tagged with "scope:lambda" can only depend on libs tagged with "type:domain", "type:adapter", "type:feature"',
    },
    {
      file: 'libs/local/pipeline/src/boundary-probe.ts',
      line: 2,
      message: 'A project tagged with "scope:local" and "type:local" can only depend on libs tagged with "/^scope:(?!ops$)/"',
    },
  ]);
});
