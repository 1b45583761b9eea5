import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalEndpoints } from '@sales-pipeline/pipeline-contracts';
import { claimEndpointsFile, releaseEndpointsFile } from './endpoints-file';

const endpointsOf = (pid: number): LocalEndpoints => ({
  pid,
  region: 'us-east-1',
  endpoints: { s3: 'http://127.0.0.1:1', sqs: 'http://127.0.0.1:2', sns: 'http://127.0.0.1:2', dynamodb: 'http://127.0.0.1:3' },
  bucket: 'bucket',
  table: 'table',
  queues: { rejectedOrders: 'rejected', deadLetter: 'dead-letter', alertInbox: 'alert-inbox' },
  topics: { salesAlerts: 'sales-alerts', operations: 'operations' },
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:pipeline',
  environment: {},
});
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
    const firstClaim = claimEndpointsFile(runDir, endpointsOf(first));
    const secondClaim = claimEndpointsFile(runDir, endpointsOf(second));
    expect(firstClaim).toEqual({ file: join(runDir, 'endpoints.json') });
    expect(secondClaim).toEqual({ file: join(runDir, 'runs', String(second), 'endpoints.json'), heldBy: first });
    writeFileSync(join(runDir, 'runs', String(second), 'failed-executions.json'), '[]\n');

    releaseEndpointsFile(secondClaim, second);
    expect(writerIn(join(runDir, 'endpoints.json'))).toBe(first);
    expect(existsSync(join(runDir, 'runs'))).toBe(false);
    releaseEndpointsFile(firstClaim, first);
    expect(existsSync(join(runDir, 'endpoints.json'))).toBe(false);
  });

  it('takes over the file of a run that is gone, and is not removed by it', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = claimEndpointsFile(runDir, endpointsOf(gone));
    const claim = claimEndpointsFile(runDir, endpointsOf(process.pid));
    expect(claim).toEqual({ file: join(runDir, 'endpoints.json') });
    releaseEndpointsFile(stale, gone);
    expect(writerIn(claim.file)).toBe(process.pid);
  });

  it('takes over a file that names no run', () => {
    writeFileSync(join(runDir, 'endpoints.json'), 'not json');
    expect(claimEndpointsFile(runDir, endpointsOf(process.pid))).toEqual({ file: join(runDir, 'endpoints.json') });
    expect(writerIn(join(runDir, 'endpoints.json'))).toBe(process.pid);
  });
});
