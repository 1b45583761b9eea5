import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MaxInputBytesPerBatch, MaxItemsPerBatch } from '@sales-pipeline/order-validation';
import { workspaceVariables } from '@sales-pipeline/terraform-hcl';
import {
  encryptionFindings,
  eventPatternFindings,
  iamFindings,
  lambdaFindings,
  layoutFindings,
  loggingFindings,
  moduleCallFindings,
  nameFindings,
  stateMachineFindings,
  templatefileFindings,
  variableFindings,
  type Finding,
} from './support/checks';
import { loadStack, type Stack } from './support/stack';

const terraformDir = join(__dirname, '..');
const workspaceRoot = join(terraformDir, '..');

/** The resource names of CONTRACTS.md ("Resource names: one source"); the local runner looks them up. */
const contractNames = [
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
];

const describeFindings = (findings: readonly Finding[]): readonly string[] => findings.map((f) => `${f.where}: ${f.message}`);

describe('the Terraform in terraform/ keeps its contracts', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await loadStack(terraformDir, workspaceRoot);
  });

  it.each([
    ['every variable used is declared, typed (never any) and described', variableFindings],
    ['every module call passes exactly the inputs its module declares and requires', moduleCallFindings],
    ["every templatefile call passes exactly its template's placeholders, and templates use only ${name} and $${", templatefileFindings],
    ['the rendered state machine is valid ASL with Retry and Catch on every Task and a complete distributed Map', stateMachineFindings],
    ['the rendered event pattern matches Object Created under incoming/ of the bucket, and nothing else', eventPatternFindings],
    ["every Lambda runs an Nx app's packaged zip on nodejs22.x, arm64", lambdaFindings],
    ['IAM has no wildcard actions or resources beyond the documented exceptions, and no hard-coded ARNs', iamFindings],
    ['buckets, tables, queues and topics are encrypted; buckets are private and TLS-only', encryptionFindings],
    ['log groups keep logs for a set time; state-machine logs exclude execution data', loggingFindings],
    ['every name derives from local.names, and every name there contains the workspace', nameFindings],
    ['versions, backend, default tags, module files, README inputs and outputs, output descriptions', layoutFindings],
  ])('%s', (_name, check) => {
    expect(describeFindings(check(stack))).toEqual([]);
  });

  it('names.tf defines every name of the contract', () => {
    const names = stack.root.locals['names'];
    expect(Object.keys(typeof names === 'object' && names !== null ? names : {})).toEqual(expect.arrayContaining(contractNames));
  });

  it.each(['dev', 'prod', 'local'])('workspaces/%s.tfvars sets only declared variables and every required one', async (workspace) => {
    expect(existsSync(join(terraformDir, 'workspaces', `${workspace}.tfvars`))).toBe(true);
    const values = await workspaceVariables(stack.root, workspace);
    const unset = Object.values(stack.root.variables).filter((v) => !v.hasDefault && values[v.name] === undefined);
    expect(unset.map((v) => v.name)).toEqual([]);
  });

  describe("the batch caps Terraform allows stay within the validator's measured worst case", () => {
    const caps = { max_items_per_batch: MaxItemsPerBatch, max_input_bytes_per_batch: MaxInputBytesPerBatch };

    it.each(Object.entries(caps))('%s: default and validated maximum in the root and the order-pipeline module', (name, cap) => {
      for (const module of [stack.root, stack.modules['modules/order-pipeline']]) {
        const variable = module?.variables[name];
        expect(variable?.default).toBeLessThanOrEqual(cap);
        const conditions = (variable?.validations ?? []).map((v) => String(v['condition']));
        expect(conditions.some((condition) => condition.includes(`var.${name} <= ${cap}`))).toBe(true);
      }
    });

    it.each(['dev', 'prod', 'local'])('workspaces/%s.tfvars', async (workspace) => {
      const values = await workspaceVariables(stack.root, workspace);
      for (const [name, cap] of Object.entries(caps)) expect(values[name]).toBeLessThanOrEqual(cap);
    });
  });
});
