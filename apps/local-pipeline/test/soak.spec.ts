import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** `npm run soak` as a user runs it: the built bundle, the packaged zips (the test target builds both). */
const repoRoot = join(__dirname, '..', '..', '..');
const soak = join(repoRoot, 'dist', 'apps', 'local-pipeline', 'soak.js');

jest.setTimeout(300_000);

const run = (args: readonly string[]): Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [soak, ...args], { cwd: repoRoot, env: { ...process.env, SALES_PIPELINE_ROOT: repoRoot } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('npm run soak', () => {
  it('runs files under the default fault campaign, redrives, and every invariant holds', async () => {
    const result = await run(['--files', '12', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as {
      passed: boolean;
      faultsInjected: number;
      checks: { faulted: { name: string; ok: boolean }[]; redriven: { name: string; ok: boolean }[] };
      summary: { files: number; ordersRead: number };
    };
    expect(report.passed).toBe(true);
    expect(report.faultsInjected).toBeGreaterThan(0);
    expect(report.summary.files).toBeGreaterThanOrEqual(12);
    expect([...report.checks.faulted, ...report.checks.redriven].map((check) => [check.name, check.ok])).toEqual([
      ['every order accounted for', true],
      ['every failed order on the dead-letter queue, redrivable', true],
      ['every order accounted for', true],
      ['nothing stored twice', true],
      ['every stored high-value order alerted exactly once', true],
      ['the redrive emptied the dead-letter queue', true],
    ]);
    expect(result.stdout).toMatch(/^ok {3}every stored high-value order alerted exactly once: \d+ high-value orders stored, \d+ e-mails received \(0 missing, 0 extra\)/m);
    expect(result.stdout).not.toMatch(/@example\.com|\+1-555/);
  });

  it.each([
    [['--faults', 'dynamodb:putItem=melt'], /--faults: "dynamodb:putItem=melt": unknown fault "melt"/],
    [['--files', '0'], /--files: "0" is not a whole number of at least 1/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('refuses %j with exit code 2 and a message naming the problem', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
