import { resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import { HclError } from '@sales-pipeline/terraform-hcl';
import { localDeployment } from './local-deployment';
import { loadTerraformWorld, type ModuleInstance, type TerraformWorld } from './terraform-world';

const fixture = resolve(__dirname, '../test/fixtures/unmappable');
const settings = { workspace: 'local', account: '000000000000', partition: 'aws' };

const moduleOf = (world: TerraformWorld, name: string): ModuleInstance => {
  const instance = world.modules[name];
  if (instance === undefined) throw new Error(`no module ${name}`);
  return instance;
};

describe('the Terraform world of a workspace', () => {
  it('maps resource attributes to their local equivalents and module outputs across modules', async () => {
    const world = await loadTerraformWorld(fixture, settings);
    expect(world.evaluate(world.root, '${aws_sqs_queue.q.url}')).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/demo-local-q');
    expect(world.evaluate(world.root, '${aws_sqs_queue.q.arn}')).toBe('arn:aws:sqs:us-east-1:000000000000:demo-local-q');
    expect(world.evaluate(world.root, '${module.m.queue_url}')).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/demo-local-q');
    expect(world.evaluate(moduleOf(world, 'module.m'), '${var.size}')).toBe(3);
  });

  it('refuses loudly what the emulation cannot map: a resource type it does not model, a function it does not know', async () => {
    const world = await loadTerraformWorld(fixture, settings);
    const m = moduleOf(world, 'module.m');
    expect(() => world.evaluate(m, '${var.key_arn}')).toThrow(HclError);
    expect(() => world.evaluate(m, '${var.key_arn}')).toThrow(/aws_kms_key\.k\.arn.*does not model aws_kms_key/);
    expect(() => world.evaluate(m, '${var.label}')).toThrow(/upper\(var\.project\)/);
    expect(() => world.evaluate(world.root, '${aws_sqs_queue.q.visibility_timeout_seconds}')).toThrow(/no visibility_timeout_seconds/);
  });

  it('loads the modules a module calls, each resolving module outputs among its own calls', async () => {
    const world = await loadTerraformWorld(resolve(__dirname, '../../../../terraform'), settings);
    const pipeline = moduleOf(world, 'module.order_pipeline');
    const validator = moduleOf(world, 'module.order_pipeline.module.lambda_function["validator"]');
    expect(validator.parent).toBe(pipeline);
    expect(moduleOf(world, 'module.sales_generator.module.function').parent).toBe(moduleOf(world, 'module.sales_generator'));
    expect(world.evaluate(pipeline, '${module.lambda_function["validator"].function_arn}')).toBe('arn:aws:lambda:us-east-1:000000000000:function:sales-pipeline-local-order-validator');
    expect(world.evaluate(validator, '${var.environment_variables}')).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'order-validator' });
  });

  it("gives the local runner each function's handler and the zip Terraform deploys", async () => {
    const deployment = await localDeployment(resolve(__dirname, '../../../..'))();
    if (E.isLeft(deployment)) throw new Error(JSON.stringify(deployment.left));
    const repoRoot = resolve(__dirname, '../../../..');
    expect([deployment.right.scheduled?.generator, deployment.right.validator, deployment.right.preparer].map((fn) => [fn?.handler, fn?.packagePath])).toEqual([
      ['index.handler', resolve(repoRoot, 'dist/lambda/sales-generator.zip')],
      ['index.handler', resolve(repoRoot, 'dist/lambda/order-validator.zip')],
      ['index.handler', resolve(repoRoot, 'dist/lambda/order-file-preparer.zip')],
    ]);
    expect(deployment.right.preparer.environment).toMatchObject({ PREPARED_PREFIX: 'prepared/', POWERTOOLS_SERVICE_NAME: 'order-file-preparer' });
  });

  it('refuses a deployment whose Terraform lacks the order pipeline, naming what is missing', async () => {
    const result = await localDeployment('/nowhere', { terraformDir: fixture })();
    expect(result).toEqual(E.left({ _tag: 'DeploymentIncomplete', what: '0 STANDARD state machines are declared (expected one)' }));
  });
});
