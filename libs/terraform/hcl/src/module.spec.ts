import { join } from 'node:path';
import { HclError } from './errors';
import { evaluate } from './evaluate';
import { loadModule, moduleExpressions, moduleInputs } from './module';
import { renderTemplate } from './template';
import { readTemplate, templatefileCalls } from './templatefile';
import { readTfvars, rootScope, workspaceVariables } from './tfvars';

const fixtures = join(__dirname, '..', 'test', 'fixtures');
const root = join(fixtures, 'root');
const pipeline = join(root, 'modules', 'pipeline');

describe('loadModule', () => {
  it('merges the files of a module with variables, locals, resources, data, modules and outputs', async () => {
    const module = await loadModule(pipeline);
    expect(Object.keys(module.sources)).toEqual(['main.tf', 'outputs.tf', 'variables.tf']);
    expect(module.variables['max_concurrency']).toMatchObject({
      type: 'number',
      description: 'Child workflows at once.',
      hasDefault: true,
      default: 5,
      file: 'variables.tf',
      line: 11,
      validations: [{ condition: '${var.max_concurrency > 0}', error_message: 'At least one.' }],
    });
    expect(module.variables['table_name']).toMatchObject({ hasDefault: false, type: 'string' });
    expect(module.resources.map((block) => `${block.address}@${block.file}:${block.line}`)).toEqual([
      'aws_sqs_queue.rejected@main.tf:1',
      'aws_sfn_state_machine.this@main.tf:6',
      'aws_cloudwatch_event_rule.created@main.tf:16',
    ]);
    expect(module.resources[0]?.body).toEqual({ name: '${var.table_name}-rejected', sqs_managed_sse_enabled: true });
    expect(module.outputs['queue_url']).toMatchObject({ description: 'Rejected-orders queue URL.', value: '${aws_sqs_queue.rejected.url}' });

    const rootModule = await loadModule(root);
    expect(rootModule.data.map((block) => block.address)).toEqual(['data.aws_caller_identity.current', 'data.aws_region.current']);
    expect(rootModule.modules['pipeline']).toMatchObject({
      source: './modules/pipeline',
      sourceDir: pipeline,
      arguments: { table_name: '${local.names.orders_table}', bucket_name: '${local.names.data_lake_bucket}', max_concurrency: '${var.max_concurrency}' },
      metaArguments: { source: './modules/pipeline', depends_on: ['${data.aws_region.current}'] },
    });
    expect(rootModule.locals['name_prefix']).toBe('${var.project}-${terraform.workspace}');
    expect(rootModule.localFiles['names']).toBe('names.tf');
  });

  it('lists every expression with its place', async () => {
    const module = await loadModule(pipeline);
    expect(moduleExpressions(module)).toContainEqual({
      file: 'main.tf',
      address: 'aws_sqs_queue.rejected',
      attribute: 'name',
      text: '${var.table_name}-rejected',
      expression: 'var.table_name',
    });
  });

  it('names the file that does not parse', async () => {
    await expect(loadModule(join(fixtures, 'broken'))).rejects.toThrow(/cannot parse .*broken\/main\.tf: .*Invalid expression/);
    await expect(loadModule(join(fixtures, 'nope'))).rejects.toBeInstanceOf(HclError);
  });
});

describe('templatefileCalls', () => {
  it('finds every call with its place, template path and variables', async () => {
    const calls = await templatefileCalls(pipeline);
    expect(calls).toEqual([
      {
        address: 'aws_sfn_state_machine.this',
        attribute: 'definition',
        file: 'main.tf',
        expression: expect.stringMatching(/^templatefile\("\$\{path\.module\}\/templates\/machine\.json\.tftpl", \{/),
        templatePath: join(pipeline, 'templates', 'machine.json.tftpl'),
        expressions: {
          table_name: 'var.table_name',
          queue_url: 'aws_sqs_queue.rejected.url',
          max_concurrency: 'var.max_concurrency',
          quoted: '"literal-${var.table_name}"',
        },
        variables: {
          table_name: '${var.table_name}',
          queue_url: '${aws_sqs_queue.rejected.url}',
          max_concurrency: '${var.max_concurrency}',
          quoted: 'literal-${var.table_name}',
        },
      },
      expect.objectContaining({
        address: 'aws_cloudwatch_event_rule.created',
        attribute: 'event_pattern',
        templatePath: join(pipeline, 'templates', 'pattern.json.tftpl'),
        expressions: { bucket_name: 'var.bucket_name' },
      }),
    ]);
  });

  it('renders a template with the call variables evaluated in the module scope (the local runner path)', async () => {
    const [call] = await templatefileCalls(pipeline);
    if (call === undefined) throw new Error('no call');
    const inputs = await moduleInputs(root, 'pipeline');
    const scope = await rootScope(root, 'dev', {
      data: { 'aws_caller_identity.current': { account_id: '000000000000' }, 'aws_region.current': { region: 'us-east-1' } },
    });
    const module = await loadModule(pipeline);
    const moduleVariables = Object.fromEntries(
      Object.values(module.variables).map((v) => [v.name, evaluate(inputs[v.name] ?? v.default, scope)]),
    );
    const values = Object.fromEntries(
      Object.entries(call.variables).map(([name, expression]) => [
        name,
        evaluate(expression, {
          variables: moduleVariables,
          locals: module.locals,
          workspace: 'dev',
          resolve: (e) => (e === 'aws_sqs_queue.rejected.url' ? 'http://queue' : undefined),
        }),
      ]),
    );
    expect(JSON.parse(renderTemplate(await readTemplate(call), values))).toEqual({
      Comment: 'costs ${price}',
      Table: 'sales-pipeline-dev-orders',
      Queue: 'http://queue',
      MaxConcurrency: 4,
      Q: 'literal-sales-pipeline-dev-orders',
    });
  });
});

describe('tfvars and workspaces', () => {
  it('reads a tfvars file', async () => {
    await expect(readTfvars(join(root, 'workspaces', 'dev.tfvars'))).resolves.toEqual({ max_concurrency: 4, aws_region: 'eu-west-1' });
  });

  it('overrides the root defaults with the workspace file', async () => {
    await expect(workspaceVariables(root, 'dev')).resolves.toEqual({
      project: 'sales-pipeline',
      aws_region: 'eu-west-1',
      max_concurrency: 4,
    });
  });

  it('refuses a value for an undeclared variable and a missing workspace file', async () => {
    await expect(workspaceVariables(root, 'typo')).rejects.toThrow(/sets max_concurency, which the root module does not declare/);
    await expect(workspaceVariables(root, 'nope')).rejects.toThrow(/cannot read .*nope\.tfvars/);
  });

  it('gives the module inputs of a call and refuses an unknown module', async () => {
    const inputs = await moduleInputs(root, 'pipeline');
    const scope = await rootScope(root, 'local', {
      data: { 'aws_caller_identity.current': { account_id: '000000000000' }, 'aws_region.current': { region: 'us-east-1' } },
    });
    expect(evaluate(inputs['bucket_name'], scope)).toBe('sales-pipeline-local-data-lake-000000000000-us-east-1');
    await expect(moduleInputs(root, 'nope')).rejects.toThrow(/has no module "nope"/);
  });
});
