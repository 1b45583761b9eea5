import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Summary } from '@sales-pipeline/local-pipeline-engine';
import * as E from 'fp-ts/Either';

/** The command-line runner as `npm start` runs it: the built bundle, the packaged zips (the test target builds both). */
const repoRoot = join(__dirname, '..', '..', '..');
const main = join(repoRoot, 'dist', 'apps', 'local-pipeline', 'main.js');
const examples = join(repoRoot, 'libs', 'orders', 'domain', 'examples');

jest.setTimeout(120_000);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const runner = (args: readonly string[], onLine?: (line: string, interrupt: () => void) => void): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd: repoRoot, env: { ...process.env, SALES_PIPELINE_ROOT: repoRoot } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const line of chunk.toString().split('\n')) onLine?.(line, () => child.kill('SIGINT'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
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
    expect(run.stdout).toMatch(/--ticks <n>[\s\S]*--every <duration>[\s\S]*--upload <file>[\s\S]*--json/);
  });

  it.each([
    [['--ticks', '0'], /--ticks: "0" is not a whole number of at least 1/],
    [['--every', 'often'], /--every: "often" is not a duration/],
    [['--colour'], /Unknown option '--colour'/],
    [['--upload', '/nonexistent/orders.json'], /--upload: cannot read \/nonexistent\/orders.json: ENOENT/],
  ])('%j is refused with a clear message and exit code 2', async (args, message) => {
    const run = await runner(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
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

  it('--upload runs one file through and exits; the alert e-mail and the rejections are shown without contact info', async () => {
    const run = await runner(['--upload', join(examples, 'orders-mixed.json'), '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run)).toMatchObject({ ticks: 0, files: 1, filesRejected: 0, ordersRead: 12, executionsSucceeded: 1 });
    expect(run.stdout).toMatch(/^ALERT! High value sale detected: \$455\.00$/m);
    expect(run.stdout).toMatch(/Subject: High Value Sale Alert\n\s+│ We just sold a Camera for \$455\.00!/);
    expect(run.stdout).toMatch(/^rejected order #\d+ of incoming\/orders-mixed\.json: .*price: /m);
    expect(run.stdout).not.toMatch(/@example\.|\+49 30/);
  });

  it('a file that is not JSON is a result (rejected as a whole), not a crash', async () => {
    const run = await runner(['--upload', join(examples, 'orders-not-json.txt'), '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(run)).toMatchObject({ files: 1, filesRejected: 1, ordersRead: 0, executionsSucceeded: 1, executionsFailed: 0 });
    expect(run.stdout).toMatch(/^rejected file incoming\/orders-not-json\.txt: /m);
  });

  it('Ctrl-C drains what has started and prints the summary', async () => {
    let interrupted = false;
    const run = await runner(['--every', '300ms', '--json'], (line, interrupt) => {
      if (!interrupted && line.startsWith('tick 1 ')) {
        interrupted = true;
        interrupt();
      }
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Ctrl-C: finishing what has started/);
    const summary = summaryOf(run);
    expect(summary.ticks).toBeGreaterThanOrEqual(1);
    expect(summary.files).toBe(summary.ticks);
    expect(summary.ordersRead).toBe(summary.ordersStored + summary.ordersRejected + summary.ordersDuplicate + summary.ordersFailed);
  });
});
