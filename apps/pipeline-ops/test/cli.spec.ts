import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { keepFailedExecutionsFile, localEndpoints, startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { localFailedExecutionsFile } from '@sales-pipeline/pipeline-contracts';

/**
 * The built command line as an operator runs it, in a second process, against a local pipeline kept up in this
 * one (what `npm start -- --keep` provides): the endpoints file, the exit codes, the messages, and no contact info
 * in any output.
 */
const repoRoot = join(__dirname, '..', '..', '..');
const main = join(repoRoot, 'dist', 'apps', 'pipeline-ops', 'main.js');
jest.setTimeout(300_000);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const cleanEnvironment = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], TZ: 'UTC', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  return env;
};

const ops = (args: readonly string[], env: NodeJS.ProcessEnv = cleanEnvironment()): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { env, cwd: repoRoot }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });

const onlyFor = (text: string) => (parameters: unknown) => JSON.stringify(parameters).includes(text);
const order = (id: string, price: number, extra: Record<string, unknown> = {}) => ({
  order_id: id,
  created_at: '2026-11-20T10:00:00Z',
  product: `Lamp ${id}`,
  quantity: 1,
  price,
  status: 'pending',
  'contact-info': { email: 'buyer@example.com' },
  ...extra,
});

let pipeline: LocalPipeline;
let endpointsFile: string;
let local: readonly string[];

beforeAll(async () => {
  pipeline = await startLocalPipeline({
    repoRoot,
    zoneDir: mkdtempSync(join(tmpdir(), 'ops-zone-')),
    onFunctionLog: () => undefined,
    faults: [{ state: 'StoreOrder', fault: { kind: 'serviceError', error: 'DynamoDB.InternalServerErrorException' }, when: onlyFor('cli-1') }],
  });
  // What `npm start -- --keep` writes.
  endpointsFile = join(mkdtempSync(join(tmpdir(), 'ops-')), 'endpoints.json');
  writeFileSync(endpointsFile, JSON.stringify(localEndpoints(pipeline, process.pid)));
  keepFailedExecutionsFile(pipeline, localFailedExecutionsFile(endpointsFile));
  local = ['--local', '--endpoints', endpointsFile];
  await pipeline.upload('incoming/cli.json', JSON.stringify([order('cli-0', 20), order('cli-1', 450), order('cli-2', 30, { 'contact-info': undefined })]));
  await pipeline.settled();
});

afterAll(async () => {
  await pipeline?.stop();
  [pipeline?.zoneDir, endpointsFile && dirname(endpointsFile)].forEach((dir) => dir && rmSync(dir, { recursive: true, force: true }));
});

const waitFor = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 30_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

it('lists the commands and the exit codes in --help', async () => {
  const help = await ops(['--help']);
  expect(help.code).toBe(0);
  for (const command of ['dlq list', 'dlq show <id>', 'dlq redrive', 'rejected list', 'orders get <order-id>', 'executions list --failed', 'Exit codes:']) {
    expect(help.stdout).toContain(command);
  }
});

it('--help into a closed pipe (| head -1 gone before the first write) exits 0, with no EPIPE stack', async () => {
  const child = spawn(process.execPath, [main, '--help'], { env: cleanEnvironment(), cwd: repoRoot });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect([code, stderr]).toEqual([0, '']);
});

it('refuses a wrong command or option with exit code 2', async () => {
  expect((await ops(['dlq', 'frobnicate'])).code).toBe(2);
  const wrongType = await ops([...local, 'dlq', 'redrive', '--type', 'order-lost']);
  expect(wrongType.code).toBe(2);
  expect(wrongType.stderr).toContain('must be one of order-failed, batch-failed');
});

it('names a missing endpoints file, a missing queue and missing credentials, with exit codes 3, 3 and 4', async () => {
  const noFile = await ops(['--local', '--endpoints', join(tmpdir(), 'no-such-endpoints.json'), 'dlq', 'list']);
  expect([noFile.code, noFile.stderr]).toEqual([3, expect.stringContaining('no such file: is `npm start -- --keep` running?')]);

  const otherWorkspace = await ops([...local, '--workspace', 'dev', 'dlq', 'list']);
  expect([otherWorkspace.code, otherWorkspace.stderr]).toEqual([3, expect.stringContaining('GetQueueUrl sales-pipeline-dev-dead-letter: does not exist')]);

  const env = { ...cleanEnvironment(), AWS_REGION: 'eu-central-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' };
  const noCredentials = await ops(['--workspace', 'dev', 'dlq', 'list'], env);
  expect([noCredentials.code, noCredentials.stderr]).toEqual([4, expect.stringContaining('no usable AWS credentials or region')]);
});

it('goes from a dead letter to an empty queue from a second process: list, show, dry run, redrive, and an unrecognised message stays', async () => {
  const listed = await ops([...local, 'dlq', 'list']);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(/1 message\n\S+ +order-failed +order #1 \(cli-1\) of s3:\/\/\S+\/incoming\/cli\.json \(version \S+\)/);
  // The text mode says what the help promises: the error and what a redrive will do, per message.
  expect(listed.stdout).toMatch(/\n {4}error {4}\S+.*\n {4}redrive {2}re-run s3:\/\/\S+\/incoming\/cli\.json/);

  const sqs = new SQSClient(pipeline.emulators.clientConfig('sqs'));
  const { MessageId = '' } = await sqs.send(new SendMessageCommand({ QueueUrl: pipeline.deployment.queues.deadLetter.url, MessageBody: '{"hello":"world"}' }));
  sqs.destroy();
  const shown = await ops([...local, 'dlq', 'show', MessageId]);
  expect([shown.code, shown.stdout]).toEqual([0, expect.stringContaining('kind     unrecognised')]);
  expect((await ops([...local, 'dlq', 'show', 'no-such-id'])).code).toBe(1);

  const dryRun = await ops([...local, 'dlq', 'redrive', '--dry-run']);
  expect([dryRun.code, dryRun.stdout]).toEqual([0, expect.stringContaining('dry run: 2 messages, nothing changed')]);

  pipeline.runner.clearFaults();
  pipeline.smallFileRunner.clearFaults();
  const executionsBefore = pipeline.executions().length;
  const redriven = await ops([...local, 'dlq', 'redrive']);
  expect(redriven.code).toBe(1);
  expect(redriven.stdout).toMatch(/order-failed +replayed: started \(the local pipeline's rule, for the rewritten version \S+\); deleted/);
  expect(redriven.stdout).toContain(`${MessageId}  unrecognised          kept: unrecognised message: no producer of this pipeline sends this shape`);
  expect(redriven.stdout).toContain('1 replayed and deleted, 1 kept on sales-pipeline-local-dead-letter');

  await waitFor(() => pipeline.executions().length > executionsBefore);
  await pipeline.settled();
  expect(pipeline.executions().at(-1)?.outcomes.map((outcome) => outcome.outcome)).toEqual(['duplicate', 'stored', 'rejected']);
  const stored = await ops([...local, 'orders', 'get', 'cli-1']);
  expect(stored.code).toBe(0);
  expect(JSON.parse(stored.stdout)).toMatchObject({ order_id: 'cli-1', price: 450, 'contact-info': '(withheld: email)' });
  expect(stored.stdout).not.toContain('buyer@example.com');
  expect((await ops([...local, 'orders', 'get', 'never-stored'])).code).toBe(1);

  const again = await ops([...local, 'dlq', 'redrive', '--type', 'order-failed']);
  expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('0 replayed and deleted, 0 kept')]);
});

it('lists rejections with their reasons and no contact info', async () => {
  const rejected = await ops([...local, 'rejected', 'list', '--file', 'incoming/cli.json']);
  expect(rejected.code).toBe(0);
  expect(rejected.stdout).toContain('order #2 of incoming/cli.json: contact-info: missing');
  expect(rejected.stdout).not.toContain('buyer@example.com');
  const json = await ops([...local, '--json', 'rejected', 'list', '--file', 'incoming/cli.json']);
  expect(JSON.parse(json.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'order-rejected', index: 2, reasons: ['contact-info: missing'] })]));
});

it("lists the kept pipeline's failed executions from a second process; without --local's endpoints file it says why it cannot", async () => {
  expect(await ops([...local, 'executions', 'list', '--failed'])).toEqual({ code: 0, stdout: 'no failed executions\n', stderr: '' });
  const event = [...pipeline.rule.events(), ...pipeline.smallFileRule.events()].find((delivery) => delivery.event.detail.object.key === 'incoming/cli.json')?.event;
  if (!event) throw new Error('no event for incoming/cli.json');
  const failed = await pipeline.startExecution({ ...event, detail: { ...event.detail, object: { ...event.detail.object, 'version-id': 'no-such-version', size: 100 } } });
  expect(failed.result.status).toBe('FAILED');
  const listed = await ops([...local, '--json', 'executions', 'list', '--failed']);
  expect(listed.code).toBe(0);
  expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ executionArn: failed.result.executionArn, status: 'FAILED' })]);

  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf-8')) as { environment: NodeJS.ProcessEnv };
  const viaEnvironment = await ops(['executions', 'list', '--failed'], { ...cleanEnvironment(), ...endpoints.environment });
  expect([viaEnvironment.code, viaEnvironment.stderr]).toEqual([5, expect.stringContaining('a second process reaches only the emulators')]);
});

it("reconciles the kept pipeline's own zone (its endpoints file names it), not the default state folder's", async () => {
  await pipeline.settled();
  const reconciled = await ops([...local, 'reconcile']);
  expect([reconciled.code, reconciled.stderr]).toEqual([0, '']);
  expect(reconciled.stdout).toContain('zone and table match');
  expect(reconciled.stdout).toMatch(/\b2\b/);
  expect(JSON.parse(readFileSync(endpointsFile, 'utf-8'))).toMatchObject({ zoneDir: pipeline.zoneDir });
});
