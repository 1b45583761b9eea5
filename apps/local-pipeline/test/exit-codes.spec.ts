import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The exit codes of `npm run soak` and `npm run bench` as a terminal sees them (the built bundles): 2 for wrong
 * options, 0 for --help even into a closed pipe (`| head -1`), 130 for a Ctrl-C to the process group, which stops
 * the local pipeline and removes its temporary folders first. (npm start's own codes: cli.spec.ts.)
 */
const repoRoot = join(__dirname, '..', '..', '..');
const bundle = (name: string) => join(repoRoot, 'dist', 'apps', 'local-pipeline', `${name}.js`);
jest.setTimeout(180_000);

interface Case {
  readonly command: 'soak' | 'bench';
  readonly args: readonly string[];
  /** What the test does to the process: nothing, close its stdout at the first byte, or Ctrl-C at its first output. */
  readonly act: 'none' | 'closeStdout' | 'interrupt';
  readonly code: number;
}

const run = (tmp: string, { command, args, act }: Case): Promise<{ readonly code: number | null; readonly stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle(command), ...args], {
      cwd: repoRoot,
      detached: true,
      env: { ...process.env, SALES_PIPELINE_ROOT: repoRoot, TMPDIR: tmp, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    let stderr = '';
    let interrupted = false;
    const interrupt = () => {
      if (act !== 'interrupt' || interrupted) return;
      interrupted = true;
      process.kill(-(child.pid as number), 'SIGINT');
    };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      interrupt();
    });
    child.stdout.once('data', () => {
      if (act === 'closeStdout') child.stdout.destroy();
      interrupt();
    });
    if (act !== 'closeStdout') child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });

const cases: readonly Case[] = [
  { command: 'soak', args: ['--files', 'x'], act: 'none', code: 2 },
  { command: 'soak', args: ['--nope'], act: 'none', code: 2 },
  { command: 'soak', args: ['--help'], act: 'closeStdout', code: 0 },
  { command: 'soak', args: ['--files', '2', '--faults', 'none'], act: 'interrupt', code: 130 },
  { command: 'bench', args: ['--sizes', '0'], act: 'none', code: 2 },
  { command: 'bench', args: ['--help'], act: 'closeStdout', code: 0 },
  { command: 'bench', args: ['--cost-only', '--sizes', '5'], act: 'interrupt', code: 130 },
];

describe('exit codes of soak and bench', () => {
  it.each(cases)('$command $args ($act) exits $code, leaving no temporary folder', async (testCase) => {
    const tmp = join(repoRoot, 'tmp', 'exit-codes-spec', `${testCase.command}-${testCase.act}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const { code, stderr } = await run(tmp, testCase);
    expect([code, stderr.includes('Unhandled') ? stderr : '']).toEqual([testCase.code, '']);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
