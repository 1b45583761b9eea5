import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimEndpointsFile, releaseEndpointsFile } from './endpoints-file';

const endpointsOf = (pid: number) => `${JSON.stringify({ pid })}\n`;
const writerIn = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')).pid;

describe('the endpoints file of a run', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(join(tmpdir(), 'endpoints-'));
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  it('goes to endpoints.json, and a second live run gets its own file: neither overwrites or removes the other', () => {
    const first = process.pid;
    const second = process.ppid;
    const firstClaim = claimEndpointsFile(runDir, first, endpointsOf(first));
    const secondClaim = claimEndpointsFile(runDir, second, endpointsOf(second));
    expect(firstClaim).toEqual({ file: join(runDir, 'endpoints.json') });
    expect(secondClaim).toEqual({ file: join(runDir, 'runs', String(second), 'endpoints.json'), heldBy: first });
    writeFileSync(join(runDir, 'runs', String(second), 'failed-executions.json'), '[]\n');

    releaseEndpointsFile(secondClaim, second);
    expect(writerIn(join(runDir, 'endpoints.json'))).toBe(first);
    expect(existsSync(join(runDir, 'runs', String(second)))).toBe(false);
    releaseEndpointsFile(firstClaim, first);
    expect(existsSync(join(runDir, 'endpoints.json'))).toBe(false);
  });

  it('takes over the file of a run that is gone, and is not removed by it', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = claimEndpointsFile(runDir, gone, endpointsOf(gone));
    const claim = claimEndpointsFile(runDir, process.pid, endpointsOf(process.pid));
    expect(claim).toEqual({ file: join(runDir, 'endpoints.json') });
    releaseEndpointsFile(stale, gone);
    expect(writerIn(claim.file)).toBe(process.pid);
  });

  it('takes over a file that names no run', () => {
    writeFileSync(join(runDir, 'endpoints.json'), 'not json');
    expect(claimEndpointsFile(runDir, process.pid, endpointsOf(process.pid))).toEqual({ file: join(runDir, 'endpoints.json') });
    expect(writerIn(join(runDir, 'endpoints.json'))).toBe(process.pid);
  });
});
