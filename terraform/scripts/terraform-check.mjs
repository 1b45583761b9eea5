#!/usr/bin/env node
// `terraform fmt -check`, then `init`, `validate` and `terraform test` for the root module and every module under
// modules/, on a copy of terraform/ in a temporary directory: nothing is written into the source tree (no
// .terraform/, no lock file), so parallel runs do not meet. The root's suite tests/workspaces.tftest.hcl runs once
// per workspaces/<workspace>.tfvars, in that workspace (TF_WORKSPACE) with that file, as a platform team plans it;
// a suite named after one workspace (tests/<workspace>.tftest.hcl) runs in that workspace with its file; the
// other suites run as plain `terraform test`, in Terraform's default workspace.
//
// TF_PLUGIN_MIRROR=<dir>: install providers from that filesystem mirror only (no registry), through a generated CLI
// configuration; otherwise TF_CLI_CONFIG_FILE or Terraform's defaults apply, with a plugin cache shared by the
// modules. TF_AWS_PROVIDER_VERSION=<constraint>: pin the AWS provider (e.g. 5.100.0, ~> 6.0) through an override
// file in each module of the copy. Without a terraform binary it names every suite it did not run and exits 0,
// unless CI=true: then that is a failure.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';

const terraformDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = join(terraformDir, '..');
const terraform = 'terraform';

const suitesOf = (moduleDir) => {
  const testsDir = join(moduleDir, 'tests');
  return existsSync(testsDir) ? readdirSync(testsDir).filter((file) => file.endsWith('.tftest.hcl')).sort() : [];
};

const moduleDirs = (dir) =>
  existsSync(join(dir, 'modules'))
    ? readdirSync(join(dir, 'modules'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => [join(dir, 'modules', entry.name), ...moduleDirs(join(dir, 'modules', entry.name))])
    : [];

const workspaces = readdirSync(join(terraformDir, 'workspaces'))
  .filter((file) => file.endsWith('.tfvars'))
  .map((file) => basename(file, '.tfvars'))
  .sort();

/** The root suite that runs once in every workspace, with that workspace's tfvars. */
const everyWorkspaceSuite = 'workspaces.tftest.hcl';

/** One `terraform test` invocation: a module directory, the suites it runs and how. */
const testRunsOf = (moduleDir) => {
  const suites = suitesOf(moduleDir);
  if (moduleDir !== terraformDir) return suites.length === 0 ? [] : [{ label: 'test', suites, args: [], env: {} }];
  const inWorkspace = (suite, workspace) => ({
    label: `test ${basename(suite, '.tftest.hcl')} (workspace ${workspace})`,
    suites: [suite],
    args: [`-filter=tests/${suite}`, `-var-file=workspaces/${workspace}.tfvars`],
    env: { TF_WORKSPACE: workspace },
  });
  const everyWorkspaceSuites = suites.filter((suite) => suite === everyWorkspaceSuite);
  const workspaceSuites = suites.filter((suite) => workspaces.includes(basename(suite, '.tftest.hcl')));
  const otherSuites = suites.filter((suite) => !workspaceSuites.includes(suite) && !everyWorkspaceSuites.includes(suite));
  return [
    ...everyWorkspaceSuites.flatMap((suite) => workspaces.map((workspace) => inWorkspace(suite, workspace))),
    ...workspaceSuites.map((suite) => inWorkspace(suite, basename(suite, '.tftest.hcl'))),
    ...(otherSuites.length === 0 ? [] : [{ label: 'test', suites: otherSuites, args: otherSuites.map((suite) => `-filter=tests/${suite}`), env: {} }]),
  ];
};

const units = [terraformDir, ...moduleDirs(terraformDir)].map((dir) => ({
  name: relative(terraformDir, dir) || 'root',
  dir,
  runs: testRunsOf(dir),
}));

const describeSuites = (unit) => unit.runs.flatMap((run) => run.suites.map((suite) => relative(workspaceRoot, join(unit.dir, 'tests', suite))));

const version = spawnSync(terraform, ['version'], { encoding: 'utf8' });
if (version.error !== undefined) {
  const missed = [...new Set(units.flatMap(describeSuites))];
  const message = `no ${terraform} binary found (${version.error.code}): fmt, validate and these ${missed.length} suites did not run:\n${missed.map((suite) => `  ${suite}`).join('\n')}`;
  if (process.env.CI === 'true') {
    console.error(`${message}\nCI=true: a missing terraform binary is a failure (install Terraform >= 1.11).`);
    process.exit(1);
  }
  console.warn(`${message}\nInstall Terraform >= 1.11 to run them (CI=true makes this a failure).`);
  process.exit(0);
}
console.log(version.stdout.split('\n')[0]);

const run = (args, options) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(terraform, [...args, '-no-color'], { cwd: options.cwd, env: { ...process.env, TF_IN_AUTOMATION: 'true', ...options.env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ ok: false, output: `${output}${String(error)}`, ms: Date.now() - started }));
    child.on('close', (code) => resolve({ ok: code === 0, output, ms: Date.now() - started }));
  });

const fmt = spawnSync(terraform, ['fmt', '-check', '-recursive', '-diff', '-no-color'], { cwd: terraformDir, encoding: 'utf8' });
if (fmt.status !== 0) {
  console.error(`terraform fmt -check -recursive: these files are not formatted (run terraform fmt -recursive terraform):\n${fmt.stdout}${fmt.stderr}`);
  process.exit(1);
}
console.log('terraform fmt -check -recursive: ok');

const scratch = mkdtempSync(join(tmpdir(), 'terraform-check-'));
const copyDir = join(scratch, 'terraform');
const generated = new Set(['.terraform', '.terraform.lock.hcl', 'terraform.tfstate', 'terraform.tfstate.d']);
cpSync(terraformDir, copyDir, { recursive: true, filter: (source) => !generated.has(basename(source)) });
// The root passes "${path.root}/../dist/lambda/<app>.zip": the copy sees the same zips.
if (existsSync(join(workspaceRoot, 'dist'))) symlinkSync(join(workspaceRoot, 'dist'), join(scratch, 'dist'));

const mirror = process.env.TF_PLUGIN_MIRROR;
const cliEnv = {};
if (mirror !== undefined && mirror !== '') {
  const config = join(scratch, 'terraform.tfrc');
  writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`);
  cliEnv.TF_CLI_CONFIG_FILE = config;
  console.log(`providers from the filesystem mirror ${mirror}`);
} else if (process.env.TF_PLUGIN_CACHE_DIR === undefined) {
  cliEnv.TF_PLUGIN_CACHE_DIR = join(scratch, 'plugin-cache');
  mkdirSync(cliEnv.TF_PLUGIN_CACHE_DIR);
}

const providerVersion = process.env.TF_AWS_PROVIDER_VERSION;
if (providerVersion !== undefined && providerVersion !== '') {
  const override = `terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ${JSON.stringify(providerVersion)}\n    }\n  }\n}\n`;
  for (const unit of units) writeFileSync(join(copyDir, relative(terraformDir, unit.dir), 'aws_provider_override.tf'), override);
  console.log(`AWS provider pinned to ${providerVersion}`);
}

const cwdOf = (unit) => join(copyDir, relative(terraformDir, unit.dir));

// One init after the other: Terraform's plugin cache is not safe for concurrent installs.
const started = Date.now();
const initialised = [];
for (const unit of units) {
  const result = await run(['init', '-backend=false', '-input=false'], { cwd: cwdOf(unit), env: cliEnv });
  initialised.push({ unit, init: { label: 'init', ...result } });
}

const checkUnit = async ({ unit, init }) => {
  if (!init.ok) return { unit, results: [init] };
  const cwd = cwdOf(unit);
  const steps = [
    { label: 'validate', args: ['validate'], env: {} },
    ...unit.runs.map((testRun) => ({ label: testRun.label, args: ['test', ...testRun.args], env: testRun.env })),
  ];
  const results = [init];
  for (const step of steps) {
    const result = await run(step.args, { cwd, env: { ...cliEnv, ...step.env } });
    results.push({ ...step, ...result });
    if (!result.ok) break;
  }
  return { unit, results };
};

const limit = pLimit(2);
const checked = await Promise.all(initialised.map((unit) => limit(() => checkUnit(unit))));
rmSync(scratch, { recursive: true, force: true });

const registryUnreachable = checked.some(({ results }) => results.some((result) => result.label === 'init' && !result.ok && /could not connect to registry/.test(result.output)));
// What to do comes first, before the pages of Terraform errors it explains.
if (registryUnreachable) console.log('FAIL terraform init could not reach the provider registry: set TF_PLUGIN_MIRROR=<a filesystem mirror of the providers> (e.g. /opt/tf-plugins; .ci/run does when it exists), then run again. Details follow.');
let failed = 0;
for (const { unit, results } of checked) {
  for (const result of results) {
    const summary = result.label.startsWith('test') ? (/\d+ passed, \d+ failed/.exec(result.output)?.[0] ?? '') : '';
    console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${unit.name}: ${result.label} ${summary} (${(result.ms / 1000).toFixed(1)} s)`);
    if (!result.ok) {
      failed += 1;
      console.log(result.output.replace(/^/gm, `  ${unit.name} | `));
      if (result.label === 'init' && /could not connect to registry/.test(result.output))
        console.log(`  ${unit.name} | no registry reachable: set TF_PLUGIN_MIRROR=<a filesystem mirror> (e.g. /opt/tf-plugins; .ci/run does when it exists)`);
    }
  }
}
const suiteCount = new Set(units.flatMap(describeSuites)).size;
console.log(`${units.length} modules, ${suiteCount} suites, ${failed === 0 ? 'all passed' : `${failed} failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed === 0 ? 0 : 1);
