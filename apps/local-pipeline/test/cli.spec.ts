import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Summary } from '@sales-pipeline/local-pipeline-engine';
import { LocalEndpoints, localEndpointsFile, localRunDir } from '@sales-pipeline/pipeline-contracts';
import * as E from 'fp-ts/Either';

/** The command-line runner as `npm start` runs it: the built bundle, the packaged zips (the test target builds both). */
const repoRoot = join(__dirname, '..', '..', '..');
const main = join(repoRoot, 'dist', 'apps', 'local-pipeline', 'main.js');
const examples = join(repoRoot, 'libs', 'orders', 'domain', 'examples');

jest.setTimeout(180_000);

beforeAll(() => {
  const order = (i: number) => ({ order_id: `cli-600-${i}`, created_at: '2026-11-20T10:00:00Z', product: 'Desk lamp', quantity: 1, price: 57.5, status: 'pending', 'contact-info': { email: 'buyer@example.com' } });
  mkdirSync(join(repoRoot, 'tmp', 'cli-spec'), { recursive: true });
  writeFileSync(join(repoRoot, 'tmp', 'cli-spec', 'orders-600.json'), JSON.stringify(Array.from({ length: 600 }, (_, i) => order(i))));
});

/** Every run gets a state folder of its own (never the user's tmp/local-state), removed after the tests. */
const stateFolders: string[] = [];
const newStateFolder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-spec-state-'));
  stateFolders.push(dir);
  return dir;
};
afterAll(() => stateFolders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Run {
  readonly pid: number | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the command as a terminal would: in a process group of its own (detached), so `interrupt` signals the whole
 * group, emulator child included, as a terminal's Ctrl-C does.
 */
const runner = (args: readonly string[], onLine?: (line: string, interrupt: (signal?: NodeJS.Signals) => void) => void): Promise<Run> =>
  new Promise((resolve, reject) => {
    const state = args.includes('--state') ? [] : ['--state', newStateFolder()];
    const child = spawn(process.execPath, [main, ...state, ...args], { cwd: repoRoot, detached: true, env: { ...process.env, SALES_PIPELINE_ROOT: repoRoot } });
    const interrupt = (signal: NodeJS.Signals = 'SIGINT') => process.kill(-(child.pid as number), signal);
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine?.(line, interrupt);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ pid: child.pid, code, stdout, stderr }));
  });

const summaryOf = (run: Run): Summary => {
  const last = run.stdout.trimEnd().split('\n').at(-1) ?? '';
  const decoded = Summary.decode(JSON.parse(last));
  if (E.isLeft(decoded)) throw new Error(`the last line of stdout is not the summary: ${last}`);
  return decoded.right;
};

describe('npm start (the local runner command)', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await runner(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--ticks <n>[\s\S]*--every <duration>[\s\S]*--upload <file>[\s\S]*--json[\s\S]*--verbose[\s\S]*--keep/);
    expect(run.stdout).toMatch(/Exit codes:\n\s+0 [\s\S]*\n\s+1 [\s\S]*\n\s+2 [\s\S]*\n\s+130 /);
  });

  it.each([
    [['--ticks', '0'], /--ticks: "0" is not a whole number of at least 1/],
    [['--every', 'often'], /--every: "often" is not a duration/],
    [['--colour'], /Unknown option '--colour'/],
    [['--upload', '/nonexistent/orders.json'], /^--upload: there is no file \/nonexistent\/orders.json\n$/],
    [['--upload', examples], /^--upload: .*examples is a directory, not an order file\n$/],
    [['--upload', '/tmp/x\u001b]0;pwned\u0007.json'], /^--upload: there is no file \/tmp\/x\\x1b\]0;pwned\\x07\.json\n$/],
    [['--upload', join(examples, 'orders-mixed.json'), '--faults', 'dynamodb:putitem=throttle@50%'], /--faults: "dynamodb:putitem" is no service action or state of the state machines; did you mean "dynamodb:putItem"\?/],
    [['--upload', join(examples, 'orders-mixed.json'), '--faults', 'foo:bar=throttle'], /--faults: "foo:bar" is no service action/],
    [['--upload', join(examples, 'orders-mixed.json'), '--faults', 'StoreOrdr=throttle'], /did you mean "StoreOrder"\?/],
    [['--upload', join(examples, 'orders-mixed.json'), '--seed', '3'], /--seed draws the --faults campaign: give --faults too/],
    [['--workspace', '\u001b[31mred'], /--workspace: "\\x1b\[31mred" is not a workspace name/],
    [['--workspace', 'staging'], /--workspace: staging has no .*workspaces\/staging\.tfvars \(there are: .*local.*prod/],
    [['--workspace', 'prod', '--ticks', '1'], /schedule .* is DISABLED in workspace prod \(generator_enabled = false\): no generator runs; use --upload/],
  ])('%j is refused with a clear message and exit code 2', async (args, message) => {
    const run = await runner(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    // eslint-disable-next-line no-control-regex -- asserting that no control character reached the terminal
    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F]/);
  });

  it('a closed stdout (| head -1) ends the run cleanly: it drains, exits 0 and removes its temporary folders', async () => {
    const tmp = join(repoRoot, 'tmp', 'cli-spec', 'tmpdir-head');
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [main, '--state', newStateFolder(), '--upload', join(examples, 'orders-mixed.json')], { cwd: repoRoot, env: { ...process.env, SALES_PIPELINE_ROOT: repoRoot, TMPDIR: tmp } });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--ticks runs the generator that often, waits for what it started, and prints the summary as JSON last', async () => {
    const run = await runner(['--ticks', '2', '--every', '300ms', '--json']);
    expect(run.code).toBe(0);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ ticks: 2, files: 2, executionsSucceeded: 2, executionsFailed: 0 });
    expect(summary.ordersRead).toBe(summary.ordersStored + summary.ordersRejected + summary.ordersDuplicate + summary.ordersFailed);
    expect(run.stdout).toMatch(/^tick 1 \(.+\): generator wrote incoming\/generated\//m);
    expect(run.stdout).toMatch(/^execution .+: SUCCEEDED incoming\/generated\//m);
    expect(run.stdout).toMatch(/^rejected order #\d+ of incoming\/generated\/.+: contact-info: missing$/m);
    expect(run.stdout).not.toMatch(/@example\.|"email"|"phone"/);
  });

  it('--upload runs one file through and exits; one line per alert, the rejections, no contact info', async () => {
    const run = await runner(['--upload', join(examples, 'orders-mixed.json'), '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run)).toMatchObject({ ticks: 0, files: 1, filesRejected: 0, ordersRead: 12, executionsSucceeded: 1 });
    expect(JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '{}')).toMatchObject({ ordersInFiles: 12 });
    expect(run.stdout).toMatch(/^ {2}orders in the files {3}12 \(counted from the uploaded files\)$/m);
    expect(run.stdout).toMatch(/^ALERT! High value sale detected: \$455\.00$/m);
    expect(run.stdout).not.toMatch(/Subject: High Value Sale Alert/);
    expect(run.stdout).toMatch(/^rejected order #\d+ of incoming\/orders-mixed\.json: .*price: /m);
    expect(run.stdout).not.toMatch(/@example\.|\+49 30/);
    // After the summary, in a process of its own: the zone's day becomes Parquet.
    expect(run.stderr).toMatch(/^compaction: \d+ days? \(\d+ partitions? of .+\), \d+ rows from \d+ objects, .+ of Parquet, in [\d.]+ s$/m);
  });

  it('--workspace prod runs an upload with production\'s caps and names', async () => {
    const run = await runner(['--upload', join(examples, 'orders-mixed.json'), '--workspace', 'prod', '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^starting the local pipeline \(workspace prod\)/m);
    expect(run.stdout).toMatch(/^data lake s3:\/\/sales-pipeline-prod-/m);
    expect(summaryOf(run)).toMatchObject({ files: 1, ordersRead: 12, executionsSucceeded: 1 });
  });

  it('--verbose shows each alert e-mail in full', async () => {
    const run = await runner(['--upload', join(examples, 'orders-mixed.json'), '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ALERT! High value sale detected: \$455\.00\n\s+┌─ e-mail to the sales-alerts subscribers\n\s+│ Subject: High Value Sale Alert\n\s+│ We just sold a Camera for \$455\.00!/m);
    expect(run.stdout).not.toMatch(/@example\.|\+49 30/);
  });

  it('a file that is not JSON is a result (rejected as a whole), not a crash', async () => {
    const run = await runner(['--upload', join(examples, 'orders-not-json.txt'), '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run)).toMatchObject({ files: 1, filesRejected: 1, ordersRead: 0, executionsSucceeded: 1, executionsFailed: 0 });
    expect(run.stdout).toMatch(/^rejected file incoming\/orders-not-json\.txt: /m);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s to the whole process group drains what has started and prints the summary (tick mode)', async (signal) => {
    let interrupted = false;
    const run = await runner(['--every', '300ms', '--json'], (line, interrupt) => {
      if (!interrupted && line.startsWith('tick 1 ')) {
        interrupted = true;
        interrupt(signal);
      }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${signal}: finishing what has started`, 'm'));
    expect(run.stderr).not.toMatch(/ECONNREFUSED|failed/);
    const summary = summaryOf(run);
    expect(summary.ticks).toBeGreaterThanOrEqual(1);
    expect(summary.files).toBe(summary.ticks);
    expect(summary.ordersRead).toBe(summary.ordersStored + summary.ordersRejected + summary.ordersDuplicate + summary.ordersFailed);
  });

  it('Ctrl-C to the process group in upload mode lets the execution finish; a second one stops it, every order still counted (exit 130)', async () => {
    let signals = 0;
    const run = await runner(['--upload', join(repoRoot, 'tmp', 'cli-spec', 'orders-600.json'), '--json'], (line, interrupt) => {
      if (line.startsWith('file incoming/orders-600.json') && signals === 0) {
        signals = 1;
        interrupt();
      } else if (line.startsWith('SIGINT: finishing') && signals === 1) {
        signals = 2;
        // A person's second Ctrl-C, not the same keystroke arriving twice (which counts once).
        setTimeout(() => interrupt(), 400);
      }
    });
    expect(run.stdout).toMatch(/^SIGINT: finishing what has started/m);
    expect(run.stdout).toMatch(/^SIGINT again: stopping the running executions/m);
    expect(run.stderr).not.toMatch(/ECONNREFUSED|failed/);
    expect(run.code).toBe(130);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ files: 1, ordersRead: 600, executionsFailed: 1 });
    expect(summary.ordersStored).toBeLessThan(600);
    expect(summary.ordersRead).toBe(summary.ordersStored + summary.ordersRejected + summary.ordersDuplicate + summary.ordersFailed);
  });

  it('one Ctrl-C that arrives twice at once (the terminal\'s and npm\'s forwarded copy) drains once: exit 0', async () => {
    let signalled = false;
    const run = await runner(['--upload', join(repoRoot, 'tmp', 'cli-spec', 'orders-600.json'), '--json'], (line, interrupt) => {
      if (line.startsWith('file incoming/orders-600.json') && !signalled) {
        signalled = true;
        interrupt();
        interrupt();
      }
    });
    expect(run.stdout).toMatch(/^SIGINT: finishing what has started/m);
    expect(run.stdout).not.toMatch(/^SIGINT again:/m);
    expect(run.code).toBe(0);
    expect(summaryOf(run)).toMatchObject({ files: 1, ordersRead: 600, ordersStored: 600, executionsFailed: 0 });
  });

  it('--keep stays up after the summary with the endpoints, in endpoints.json too, until Ctrl-C', async () => {
    let endpoints: unknown;
    const run = await runner(['--upload', join(examples, 'orders-mixed.json'), '--keep'], (line, interrupt) => {
      if (line.startsWith('    export AWS_ENDPOINT_URL_DYNAMODB=')) {
        endpoints = JSON.parse(readFileSync(localEndpointsFile(localRunDir(repoRoot)), 'utf8'));
        interrupt();
      }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/the pipeline stays up with its data until Ctrl-C/);
    expect(run.stdout).toMatch(/^\s+export AWS_ENDPOINT_URL_S3=http:\/\/127\.0\.0\.1:\d+$/m);
    const decoded = LocalEndpoints.decode(endpoints);
    expect(E.isRight(decoded)).toBe(true);
    if (E.isRight(decoded)) expect(decoded.right.endpoints.dynamodb).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(localEndpointsFile(localRunDir(repoRoot)))).toBe(false);
  });

  it('one run per state folder: a second is refused naming the holder (exit 2); after kill -9 the next run takes the stale lock over and continues the history', async () => {
    const state = newStateFolder();
    const file = join(examples, 'orders-mixed.json');
    let refused: Run | undefined;
    const holder = await runner(['--state', state, '--upload', file, '--keep', '--json'], (line, interrupt) => {
      if (!line.startsWith('    export AWS_ENDPOINT_URL_DYNAMODB=') || refused !== undefined) return;
      void runner(['--state', state, '--ticks', '1']).then((run) => {
        refused = run;
        interrupt('SIGKILL');
      });
    });
    expect(holder.code).toBeNull();
    expect(refused?.code).toBe(2);
    expect(refused?.stdout).toBe('');
    expect(refused?.stderr).toContain(`the state folder ${state} is in use by another local run (pid ${holder.pid})`);

    const next = await runner(['--state', state, '--upload', file, '--json']);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(`took over the state folder from pid ${holder.pid}, which ended without releasing it`);
    expect(next.stdout).toMatch(/state folder .*: continues the previous runs/);
    const before = summaryOf({ ...holder, stdout: holder.stdout.split('\n').filter((line) => line.startsWith('{')).join('\n') });
    expect(summaryOf(next)).toMatchObject({ ordersStored: 0, ordersDuplicate: before.ordersStored + before.ordersDuplicate });
    expect(existsSync(join(state, '.lock'))).toBe(false);
  });
});
