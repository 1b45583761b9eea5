import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import { renderTemplate } from '@sales-pipeline/terraform-hcl';
import { matchesEventPattern } from '@sales-pipeline/local-events';
import { describeDeploymentProblem, localDeployment, smallFileMaxBytes, type LocalDeployment } from './local-deployment';
import { loadTerraformWorld } from './terraform-world';
import { objectCreatedEvent } from '@sales-pipeline/pipeline-contracts';

const repoRoot = resolve(__dirname, '../../../..');

/** The variables the root passes the order-pipeline module, as Terraform evaluates them for workspace local. */
const orderPipelineVariables = async () => {
  const world = await loadTerraformWorld(join(repoRoot, 'terraform'), { workspace: 'local', account: '000000000000', partition: 'aws' });
  return world.modules['module.order_pipeline']?.scope.variables ?? {};
};

const deployment = async (): Promise<LocalDeployment> => {
  const result = await localDeployment(repoRoot)();
  if (E.isLeft(result)) throw new Error(describeDeploymentProblem(result.left));
  return result.right;
};

describe('the deployment of workspace local, evaluated from the real terraform/', () => {
  let local: LocalDeployment;
  let pipelineVariables: Awaited<ReturnType<typeof orderPipelineVariables>>;
  beforeAll(async () => {
    local = await deployment();
    pipelineVariables = await orderPipelineVariables();
  });

  it('takes the names of terraform/names.tf for workspace local, account 000000000000 and the tfvars region', () => {
    expect(local.region).toBe(local.rootVariables['aws_region'] ?? 'us-east-1');
    const prefix = `${String(local.rootVariables['project'])}-local`;
    expect(local.names['data_lake_bucket']).toBe(`${prefix}-data-lake-000000000000-${local.region}`);
    expect(local.names['orders_table']).toBe(`${prefix}-orders`);
    expect(local.bucket.name).toBe(local.names['data_lake_bucket']);
    expect(local.table.name).toBe(local.names['orders_table']);
    expect(local.queues.rejectedOrders.name).toBe(local.names['rejected_orders_queue']);
    expect(local.queues.deadLetter.name).toBe(local.names['dead_letter_queue']);
    expect(local.topics.salesAlerts.name).toBe(local.names['sales_alerts_topic']);
    expect(local.stateMachine.name).toBe(local.names['state_machine']);
    expect(local.objectCreatedRule.name).toBe(local.names['object_created_rule']);
    expect(local.scheduled?.schedule.name).toBe(local.names['sales_schedule']);
    expect(local.scheduled?.generator.functionName).toBe(local.names['sales_generator_function']);
    expect(local.validator.functionName).toBe(local.names['order_validator_function']);
    expect(local.validator.timeoutSeconds).toBe(pipelineVariables['validator_timeout']);
    expect(local.scheduled?.generator.timeoutSeconds).toBeGreaterThan(0);
    expect(local.preparer.functionName).toBe(local.names['order_preparer_function']);
  });

  it('renders the state machine template with exactly the variables of its templatefile call, resources mapped to local ARNs and URLs', async () => {
    const { definition } = local.stateMachine;
    expect(Object.keys(definition.variables).sort()).toEqual(
      [
        'data_lake_bucket',
        'max_concurrency',
        'max_input_bytes_per_batch',
        'max_items_per_batch',
        'max_order_json_bytes',
        'order_batch_states',
        'preparer_function_arn',
        'rejected_queue_url',
        'results_prefix',
      ].sort(),
    );
    expect(definition.variables['preparer_function_arn']).toBe(`arn:aws:lambda:${local.region}:000000000000:function:${local.preparer.functionName}`);
    expect(definition.variables['max_order_json_bytes']).toBe(32768);
    expect(definition.variables['rejected_queue_url']).toBe(local.queues.rejectedOrders.url);
    expect(definition.variables['data_lake_bucket']).toBe(local.bucket.name);
    expect(definition.variables['max_items_per_batch']).toBe(local.rootVariables['max_items_per_batch']);
    // What runs is the very file Terraform renders, the order-batch states rendered into it.
    expect(definition.variables['order_batch_states']).toBe(local.orderBatchStates.text);
    expect(definition.text).toBe(renderTemplate(await readFile(definition.templatePath ?? "", 'utf8'), definition.variables));
    const asl = JSON.parse(definition.text) as { StartAt: string; States: Record<string, unknown> };
    expect(asl.States[asl.StartAt]).toBeDefined();
  });

  it('renders the order-batch states with exactly the variables of their templatefile call', async () => {
    const { orderBatchStates } = local;
    expect(Object.keys(orderBatchStates.variables).sort()).toEqual(
      [
        'alert_mark_condition_expression',
        'alert_mark_update_expression',
        'alerts_topic_arn',
        'dead_letter_queue_url',
        'orders_table_name',
        'rejected_queue_url',
        'validator_function_arn',
        'zone_writer_function_arn',
      ].sort(),
    );
    // jsondecode(file(...)) of the module's alert-mark.json, as Terraform reads it.
    const alertMark = JSON.parse(await readFile(join(repoRoot, 'terraform', 'modules', 'order-pipeline', 'alert-mark.json'), 'utf8')) as Record<string, string>;
    expect(orderBatchStates.variables['alert_mark_update_expression']).toBe(alertMark['update_expression']);
    expect(orderBatchStates.variables['alert_mark_condition_expression']).toBe(alertMark['condition_expression']);
    expect(orderBatchStates.variables['validator_function_arn']).toBe(`arn:aws:lambda:${local.region}:000000000000:function:${local.validator.functionName}`);
    expect(orderBatchStates.variables['rejected_queue_url']).toBe(local.queues.rejectedOrders.url);
    expect(orderBatchStates.variables['dead_letter_queue_url']).toBe(local.queues.deadLetter.url);
    expect(orderBatchStates.variables['alerts_topic_arn']).toBe(local.topics.salesAlerts.arn);
    expect(orderBatchStates.variables['orders_table_name']).toBe(local.table.name);
    expect(orderBatchStates.text).toBe(renderTemplate(await readFile(orderBatchStates.templatePath ?? "", 'utf8'), orderBatchStates.variables));
    expect(Object.keys(JSON.parse(orderBatchStates.text) as Record<string, unknown>)).toContain('ValidateBatch');
  });

  it('renders the two event patterns from one template: an object created under incoming/ in the data lake matches exactly one, by its size', () => {
    const threshold = pipelineVariables['small_file_max_bytes'];
    expect(typeof threshold).toBe('number');
    expect(smallFileMaxBytes(local)).toBe(threshold);
    for (const rule of [local.objectCreatedRule, local.smallFileRule])
      expect(Object.keys(rule.eventPattern.variables).sort()).toEqual(['bucket_name', 'incoming_prefix', 'size_operator', 'small_file_max_bytes']);
    const event = (bucket: string, key: string, size: number) =>
      objectCreatedEvent(
        { bucket, key, size, etag: 'e', sequencer: '01', versionId: 'v1', time: '2026-01-01T00:00:00Z' },
        { account: local.account, region: local.region },
      );
    const standard = matchesEventPattern(local.objectCreatedRule.compiled);
    const small = matchesEventPattern(local.smallFileRule.compiled);
    for (const size of [0, 2, Number(threshold) - 1, Number(threshold), Number(threshold) + 1, 10 * 1024 * 1024]) {
      const created = event(local.bucket.name, 'incoming/generated/2026/01/01/x.json', size);
      expect([size, standard(created), small(created)]).toEqual([size, size > Number(threshold), size <= Number(threshold)]);
    }
    for (const matches of [standard, small]) {
      expect(matches(event(local.bucket.name, 'incoming/my file.json', 2)) || matches(event(local.bucket.name, 'incoming/my file.json', 1e6))).toBe(true);
      expect(matches(event(local.bucket.name, 'results/x/manifest.json', 2)) || matches(event(local.bucket.name, 'results/x/manifest.json', 1e6))).toBe(false);
      expect(matches(event('another-bucket', 'incoming/x.json', 2)) || matches(event('another-bucket', 'incoming/x.json', 1e6))).toBe(false);
    }
  });

  it('renders the Express entry with the same order-batch states as the Standard machine', () => {
    const { definition } = local.smallFileStateMachine;
    expect(definition.variables['order_batch_states']).toBe(local.orderBatchStates.text);
    expect(definition.variables['standard_state_machine_arn']).toBe(local.stateMachine.arn);
    expect(local.smallFileStateMachine.name).toBe(local.names['small_file_state_machine']);
    const asl = JSON.parse(definition.text) as { States: Record<string, { ItemProcessor?: { States: unknown } }> };
    expect(asl.States['ProcessBatches']?.ItemProcessor?.States).toEqual(JSON.parse(local.orderBatchStates.text));
  });

  it('takes the schedule and the functions environments from the Terraform', () => {
    expect(local.scheduled?.schedule.expression).toBe(local.rootVariables['generator_schedule_expression']);
    expect(local.scheduled?.schedule.parsed.kind).toMatch(/^(rate|cron|at)$/);
    expect(local.scheduled?.generator.environment).toMatchObject({
      DATA_LAKE_BUCKET: local.bucket.name,
      ORDERS_PER_FILE: String(local.rootVariables['generator_orders_per_file']),
      INVALID_SHARE: String(local.rootVariables['generator_invalid_share']),
    });
    expect(local.validator.environment).toMatchObject({ HIGH_VALUE_THRESHOLD: String(local.rootVariables['high_value_threshold']) });
  });

  it("takes Lambda's async retries of the generator from its event invoke config (the module variable's default)", () => {
    expect(local.scheduled?.generator.asyncMaximumRetryAttempts).toBe(2);
  });

  it('reads the table key schema and the bucket versioning from the Terraform', () => {
    expect(local.table.hashKey).toBe('order_id');
    expect(local.table.attributes).toContainEqual({ name: 'order_id', type: 'S' });
    expect(local.bucket.versioning).toBe(true);
  });
});

describe('a Terraform the local run cannot use', () => {
  it('is refused with the schedule expression and the reason', async () => {
    const terraformDir = await mkdtemp(join(tmpdir(), 'local-deployment-'));
    try {
      await cp(join(repoRoot, 'terraform'), terraformDir, { recursive: true, filter: (source) => !source.includes('.terraform') });
      const local = await readFile(join(terraformDir, 'workspaces', 'local.tfvars'), 'utf8');
      await writeFile(
        join(terraformDir, 'workspaces', 'local.tfvars'),
        local.replace(/^generator_schedule_expression\s*=.*$/m, 'generator_schedule_expression = "rate(1 minutes)"'),
      );
      const result = await localDeployment(repoRoot, { terraformDir })();
      expect(result).toEqual(
        E.left({ _tag: 'InvalidScheduleExpression', expression: 'rate(1 minutes)', reason: 'use "minute" with the value 1' }),
      );
    } finally {
      await rm(terraformDir, { recursive: true, force: true });
    }
  });
});
