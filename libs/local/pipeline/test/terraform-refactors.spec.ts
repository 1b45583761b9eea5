import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localDeployment } from '@sales-pipeline/local-deployment';
import * as E from 'fp-ts/Either';
import { startLocalPipeline, type LocalPipeline } from '../src';
import { order, overThreshold, repoRoot } from './support';

/**
 * The local run follows the Terraform as a team refactors it: it finds resources by their type and wiring, not by
 * where they are declared. Each test edits a copy of terraform/ (the packaged zips linked beside it) and runs the
 * unchanged runner on it.
 */

/** A repository root of its own: a copy of terraform/ with `edit` applied to its files, and dist/ linked. */
const copyOfRepo = async (edit: (terraformDir: string) => Promise<void>): Promise<string> => {
  const root = await mkdtemp(join(tmpdir(), 'terraform-refactor-'));
  await cp(join(repoRoot, 'terraform'), join(root, 'terraform'), { recursive: true, filter: (source) => !source.includes('.terraform') });
  await symlink(join(repoRoot, 'dist'), join(root, 'dist'));
  await edit(join(root, 'terraform'));
  return root;
};

const rewrite = async (file: string, change: (text: string) => string): Promise<void> => {
  const text = await readFile(file, 'utf8');
  const changed = change(text);
  if (changed === text) throw new Error(`the edit changed nothing in ${file}`);
  await writeFile(file, changed);
};

/** Renames every `<type>.<from>` reference and the block's own label. */
const renameLabel = (type: string, from: string, to: string) => (text: string) =>
  text.replaceAll(`resource "${type}" "${from}"`, `resource "${type}" "${to}"`).replace(new RegExp(`\\b${type}\\.${from}\\b`, 'g'), `${type}.${to}`);

const queueModule = `variable "name" {
  type = string
}

resource "aws_sqs_queue" "this" {
  name                      = var.name
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

output "arn" {
  value = aws_sqs_queue.this.arn
}

output "url" {
  value = aws_sqs_queue.this.url
}

output "name" {
  value = aws_sqs_queue.this.name
}
`;

jest.setTimeout(180_000);

const startOn = (root: string, workspace?: string) => startLocalPipeline({ repoRoot: root, onFunctionLog: () => undefined, ...(workspace === undefined ? {} : { workspace }) });

/** The pipeline's module call renamed (`moved` as a team would write it), the generator made optional as terraform-aws-modules make a resource optional. */
const renameCallsAndCountGenerator = async (terraformDir: string): Promise<void> => {
  for (const file of ['main.tf', 'outputs.tf'])
    await rewrite(join(terraformDir, file), (text) =>
      text
        .replace('module "order_pipeline" {', 'module "orders" {')
        .replaceAll('module.order_pipeline.', 'module.orders.')
        .replace('module "sales_generator" {', 'module "sales_generator" {\n  count = var.generator_enabled ? 1 : 0\n')
        .replace(/module\.sales_generator\.(\w+)/g, 'one(module.sales_generator[*].$1)'),
    );
  await writeFile(join(terraformDir, 'moved.tf'), 'moved {\n  from = module.order_pipeline\n  to   = module.orders\n}\n');
};

describe('a Terraform refactored: labels renamed, the rejected-orders queue in a module of its own, the pipeline module call renamed, the generator optional (count = 0 in prod)', () => {
  let root = '';
  let pipeline: LocalPipeline | undefined;

  beforeAll(async () => {
    root = await copyOfRepo(async (terraformDir) => {
      await renameCallsAndCountGenerator(terraformDir);
      const pipelineModule = join(terraformDir, 'modules', 'order-pipeline');
      await mkdir(join(terraformDir, 'modules', 'queue'));
      await writeFile(join(terraformDir, 'modules', 'queue', 'main.tf'), queueModule);
      await rewrite(join(pipelineModule, 'main.tf'), (text) => {
        const renamed = [
          renameLabel('aws_sqs_queue', 'dead_letter', 'failures'),
          renameLabel('aws_dynamodb_table', 'orders', 'sales'),
          renameLabel('aws_cloudwatch_event_rule', 'execution_failed', 'failed_runs'),
        ].reduce((current, change) => change(current), text);
        const withoutQueue = renamed.replace(/resource "aws_sqs_queue" "rejected_orders" \{[^}]*\}\n/, 'module "rejected_orders" {\n  source = "../queue"\n  name   = var.rejected_orders_queue_name\n}\n');
        return withoutQueue.replace(/aws_sqs_queue\.rejected_orders\.(arn|url|name)/g, 'module.rejected_orders.$1');
      });
      await rewrite(join(pipelineModule, 'outputs.tf'), (text) =>
        [renameLabel('aws_sqs_queue', 'dead_letter', 'failures'), renameLabel('aws_dynamodb_table', 'orders', 'sales'), renameLabel('aws_cloudwatch_event_rule', 'execution_failed', 'failed_runs')]
          .reduce((current, change) => change(current), text)
          .replace(/aws_sqs_queue\.rejected_orders\.(arn|url|name)/g, 'module.rejected_orders.$1'),
      );
    });
    pipeline = await startOn(root, 'prod');
  });
  afterAll(async () => {
    await pipeline?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('finds the moved and renamed resources where they now are', () => {
    expect(pipeline?.deployment.records.tables.map((table) => table.address)).toEqual(['module.orders.aws_dynamodb_table.sales']);
    expect(pipeline?.deployment.queues.rejectedOrders.name).toBe(pipeline?.deployment.names['rejected_orders_queue']);
  });

  it('runs without a generator where count leaves none, and refuses a tick by name', async () => {
    expect(pipeline?.deployment.scheduled).toBeUndefined();
    await expect(pipeline?.tick('2026-12-01T10:00:00Z')).rejects.toThrow('workspace prod declares no aws_scheduler_schedule');
    const local = await localDeployment(root)();
    expect(E.isRight(local) && local.right.scheduled?.schedule.address).toBe('module.sales_generator[0].aws_scheduler_schedule.this');
  });

  it('runs both entries as before: orders stored, rejected with reasons onto the moved queue', async () => {
    const p = pipeline as LocalPipeline;
    const small = [order('refactor-1', 20), order('refactor-2', -1)];
    const large = [order('refactor-3', 30), order('refactor-4', 40, { 'contact-info': {} })];
    await p.upload('incoming/refactor-small.json', JSON.stringify(small));
    await p.upload('incoming/refactor-large.json', overThreshold(p, JSON.stringify(large)));
    await p.settled();
    const summary = p.summary();
    expect([summary.files, summary.ordersRead, summary.ordersStored, summary.ordersRejected, summary.executionsFailed]).toEqual([2, 4, 2, 2, 0]);
    const rejected = await p.peekQueue(p.deployment.queues.rejectedOrders.url);
    expect(rejected).toHaveLength(2);
  });
});

describe('a Terraform with a second queue and a second Lambda function', () => {
  let root = '';
  let pipeline: LocalPipeline | undefined;

  beforeAll(async () => {
    root = await copyOfRepo(async (terraformDir) => {
      await writeFile(
        join(terraformDir, 'audit.tf'),
        `resource "aws_sqs_queue" "audit" {
  name                    = "\${local.name_prefix}-audit"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "audit_stage" {
  for_each                = toset(["replay", "archive"])
  name                    = "\${local.name_prefix}-audit-\${each.key}"
  sqs_managed_sse_enabled = true
}

module "audit_function" {
  source = "./modules/lambda-function"

  function_name = "\${local.name_prefix}-audit"
  description   = "Audits."
  package_path  = "\${path.root}/../dist/lambda/order-validator.zip"
  environment_variables = {
    AUDIT_QUEUE_URL      = aws_sqs_queue.audit.url
    HIGH_VALUE_THRESHOLD = "100"
  }
}
`,
      );
    });
    pipeline = await startOn(root);
  });
  afterAll(async () => {
    await pipeline?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('creates the queue and starts the function with no change to the runner', async () => {
    const p = pipeline as LocalPipeline;
    const prefix = `${String(p.deployment.rootVariables['project'])}-local`;
    const audit = p.deployment.records.functions.find((fn) => fn.functionName === `${prefix}-audit`);
    expect(audit?.address).toBe('module.audit_function.aws_lambda_function.this');
    expect(audit?.environment['AUDIT_QUEUE_URL']).toBe(p.deployment.records.queues.find((queue) => queue.name === `${prefix}-audit`)?.url);
    expect(p.deployment.records.queues.map((queue) => queue.name).filter((name) => name.startsWith(`${prefix}-audit-`))).toEqual([`${prefix}-audit-archive`, `${prefix}-audit-replay`]);
    const sqs = new SQSClient(p.emulators.clientConfig('sqs'));
    try {
      for (const name of [`${prefix}-audit`, `${prefix}-audit-replay`]) {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        expect(QueueUrl).toContain(name);
      }
    } finally {
      sqs.destroy();
    }
  });
});
