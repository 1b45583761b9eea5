import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MaxInputBytesPerBatch, MaxItemsPerBatch } from '@sales-pipeline/order-validation';
import { MaxOrderJsonBytes, OrderFileNotArray, OrderFileNotJson } from '@sales-pipeline/orders-domain';
import { LOCAL_ACCOUNT, LOCAL_WORKSPACE, localDeployment } from '@sales-pipeline/local-deployment';
import { evaluate, loadModule, readTemplate, templatefileCalls, templatePlaceholders, workspaceVariables, type TfModule } from '@sales-pipeline/terraform-hcl';
import * as E from 'fp-ts/Either';

/**
 * The contracts between the Terraform and the other tools of the repository. Everything Terraform itself can
 * check (arguments, references, validations, the rendered state machine, IAM, names per workspace) is checked by
 * `terraform validate` and the `terraform test` suites (target terraform:terraform-test); what is left here
 * crosses into TypeScript, Nx or the local runner, which Terraform knows nothing of.
 */

const terraformDir = join(__dirname, '..');
const workspaceRoot = join(terraformDir, '..');
const workspaces = readdirSync(join(terraformDir, 'workspaces')).flatMap((file) => (file.endsWith('.tfvars') ? [file.replace(/\.tfvars$/, '')] : []));

const moduleDirs = (dir: string): string[] =>
  readdirSync(join(dir, 'modules'), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [join(dir, 'modules', entry.name)] : []));

describe('the Terraform against the rest of the repository', () => {
  let root: TfModule;
  let pipeline: TfModule;
  // The first parse starts the HCL parser (WASM): seconds on a loaded machine.
  beforeAll(async () => {
    root = await loadModule(terraformDir);
    pipeline = await loadModule(join(terraformDir, 'modules', 'order-pipeline'));
  }, 30_000);

  // The caps are measured in TypeScript (libs/orders/validation: the largest verdicts a batch can produce must fit
  // the 256 KiB state payload); Terraform only sees the numbers its validations allow.
  describe("the batch caps Terraform allows stay within the validator's measured worst case", () => {
    const caps = { max_items_per_batch: MaxItemsPerBatch, max_input_bytes_per_batch: MaxInputBytesPerBatch };

    it.each(Object.entries(caps))('%s: default and validated maximum in the root and the order-pipeline module', (name, cap) => {
      for (const module of [root, pipeline]) {
        const variable = module.variables[name];
        expect(variable?.default).toBeLessThanOrEqual(cap);
        const conditions = (variable?.validations ?? []).map((validation) => String(validation['condition']));
        expect(conditions.some((condition) => condition.includes(`var.${name} <= ${cap}`))).toBe(true);
      }
    });

    it.each(workspaces)('workspaces/%s.tfvars', async (workspace) => {
      const values = await workspaceVariables(root, workspace);
      for (const [name, cap] of Object.entries(caps)) expect(values[name] ?? root.variables[name]?.default).toBeLessThanOrEqual(cap);
    });
  });

  // The order cap is the codec's (libs/orders/domain); the state machine prepares only files larger than it.
  it("the order-pipeline module's order cap is the Order codec's", () => {
    expect(evaluate(pipeline.locals['max_order_json_bytes'], { variables: {}, locals: {}, workspace: '' })).toBe(MaxOrderJsonBytes);
  });

  // Terraform hashes whatever zip lies at the path (a stale one too); only Nx knows which file its package target writes.
  it("every package path the root passes is an app's Nx package output", () => {
    const packageOutputs = readdirSync(join(workspaceRoot, 'apps')).flatMap((app) => {
      const project = JSON.parse(readFileSync(join(workspaceRoot, 'apps', app, 'project.json'), 'utf8')) as { targets?: { package?: { outputs?: string[] } } };
      return (project.targets?.package?.outputs ?? []).map((output) => resolve(output.replace('{workspaceRoot}', workspaceRoot)));
    });
    const packagePaths = Object.values(root.modules).flatMap((call) =>
      Object.entries(call.arguments)
        .filter(([name]) => name.endsWith('package_path'))
        .map(([, expression]) => evaluate(expression, { variables: {}, locals: {}, workspace: '', path: { root: terraformDir } })),
    );
    expect(packagePaths.map((path) => resolve(String(path))).sort()).toEqual(
      ['order-file-preparer', 'order-validator', 'sales-generator', 'zone-writer'].map((app) => join(workspaceRoot, `dist/lambda/${app}.zip`)).sort(),
    );
    for (const path of packagePaths) expect(packageOutputs).toContain(resolve(String(path)));
  });

  // Terraform accepts the whole template language; the local runner renders templates itself and knows only
  // `${name}` placeholders and the `$${` / `%%{` escapes (libs/terraform/hcl), each name passed by the call.
  it('every template uses only the subset the local runner renders, with exactly the variables its call passes', async () => {
    const calls = (await Promise.all([terraformDir, ...moduleDirs(terraformDir)].map((dir) => templatefileCalls(dir)))).flat();
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const call of calls) expect([call.templatePath, [...templatePlaceholders(await readTemplate(call))].sort()]).toEqual([call.templatePath, Object.keys(call.variables).sort()]);
  });

  // A small file's rejection is worded by the validator (the Express entry cannot parse in ASL without an uncatchable
  // States.Runtime), a large file's by the Standard machine's Pass states: the same file gets the same reason.
  it("the validator words a small file's rejection as the Standard machine words a large one's", async () => {
    const deployment = await localDeployment(workspaceRoot)();
    if (E.isLeft(deployment)) throw new Error(JSON.stringify(deployment.left));
    const states = (JSON.parse(deployment.right.stateMachine.definition.text) as { States: Record<string, { Result?: { reason?: string } }> }).States;
    expect([states['DescribeFileNotJson']?.Result?.reason, states['DescribeFileNotArray']?.Result?.reason]).toEqual([OrderFileNotJson, OrderFileNotArray]);
  });

  // The local runner reads workspace `local` and the names below from names.tf; Terraform never runs that workspace.
  it(`workspace ${LOCAL_WORKSPACE} is one the Terraform declares, and the local runner evaluates every name it reads from it`, async () => {
    expect(workspaces).toContain(LOCAL_WORKSPACE);
    // The guards refuse a plan whose tfvars name another workspace or account than the one in use: the local
    // runner plays workspace local in its own account, so local.tfvars must name both.
    const local = await workspaceVariables(terraformDir, LOCAL_WORKSPACE);
    expect([local['workspace'], local['aws_account_id']]).toEqual([LOCAL_WORKSPACE, LOCAL_ACCOUNT]);
    const deployment = await localDeployment(workspaceRoot)();
    if (E.isLeft(deployment)) throw new Error(JSON.stringify(deployment.left));
    const { names, scheduled, validator, stateMachine } = deployment.right;
    expect(Object.keys(names)).toEqual(
      expect.arrayContaining([
        'data_lake_bucket',
        'orders_table',
        'rejected_orders_queue',
        'dead_letter_queue',
        'sales_alerts_topic',
        'operations_topic',
        'sales_generator_function',
        'order_validator_function',
        'state_machine',
        'sales_schedule',
        'object_created_rule',
        'execution_failed_rule',
        'small_file_state_machine',
        'small_file_rule',
      ]),
    );
    expect(Object.values(names).every((name) => name.includes(`-${LOCAL_WORKSPACE}-`))).toBe(true);
    expect([scheduled?.generator.functionName, validator.functionName, stateMachine.name, scheduled?.schedule.name]).toEqual([
      names['sales_generator_function'],
      names['order_validator_function'],
      names['state_machine'],
      names['sales_schedule'],
    ]);
  });
});
