import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
});
