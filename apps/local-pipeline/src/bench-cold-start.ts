import { spawn } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import type { LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import { mockSales } from '@sales-pipeline/orders-domain';

/**
 * The cold-start half of `npm run bench`: spawn-to-exit of a fresh Node process that loads a function's bundle from
 * its zip and invokes it once (against the emulators), beside a bare handler measured the same way, interleaved and
 * repeated; the ratio of medians is what compares across machines. Each process also reports the CPU time it used
 * itself, which a machine busy with other work inflates far less than the wall time.
 */

/** The budget of issue 12: a function's cold start at most twice a bare handler's. */
const COLD_START_BUDGET = 2;

export interface ColdStart {
  readonly name: string;
  readonly zipBytes?: number;
  readonly bundleBytes: number;
  readonly medianMs: number;
  /** Median over the bare handler's median. */
  readonly ratio: number;
  /** Median CPU time (user + system) of the process itself. */
  readonly medianCpuMs: number;
  /** Median CPU time over the bare handler's. */
  readonly cpuRatio: number;
}

class ColdStartError extends Error {
  override readonly name = 'ColdStartError';
}

// Loads the bundle like Lambda's runtime does (require of index.js), invokes once, reports its CPU time on fd 3, exits.
const INVOKE_ONCE = `
const [file, event] = process.argv.slice(1);
Promise.resolve()
  .then(() => require(file).handler(JSON.parse(event), { awsRequestId: 'cold-start', functionName: 'cold-start' }))
  .then(() => { const cpu = process.cpuUsage(); require('node:fs').writeSync(3, String((cpu.user + cpu.system) / 1000)); process.exit(0); },
    (error) => { process.stderr.write(String((error && error.message) || error)); process.exit(1); });
`;

interface Case {
  readonly name: string;
  readonly file: string;
  readonly event: unknown;
  readonly environment: Readonly<Record<string, string>>;
  readonly zipBytes?: number;
}

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
}

const spawnToExit = (subject: Case): Promise<Run> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', INVOKE_ONCE, subject.file, JSON.stringify(subject.event)], {
      env: { ...process.env, ...subject.environment },
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let cpu = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdio[3]?.on('data', (chunk: Buffer) => (cpu += chunk.toString('utf8')));
    child.on('error', reject);
    // 'close', not 'exit': the CPU time on fd 3 may arrive after the exit.
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0 && cpu !== '') resolve({ ms, cpuMs: Number(cpu) });
      else reject(new ColdStartError(`${subject.name}: the invocation failed (exit ${String(code)}): ${stderr.slice(0, 300)}`));
    });
  });

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** index.js out of a Lambda zip, into its own directory (Lambda's /var/task). */
const unpack = async (zipPath: string, directory: string): Promise<{ readonly file: string; readonly zipBytes: number }> => {
  const zip = await readFile(zipPath);
  const bundle = unzipSync(zip)['index.js'];
  if (!bundle) throw new ColdStartError(`${zipPath} has no index.js`);
  await mkdir(directory, { recursive: true });
  const file = join(directory, 'index.js');
  await writeFile(file, bundle);
  return { file, zipBytes: zip.byteLength };
};

export const measureColdStarts = async (pipeline: LocalPipeline, repoRoot: string, repetitions = 9): Promise<readonly ColdStart[]> => {
  const { deployment, emulators } = pipeline;
  const work = join(repoRoot, 'tmp', 'bench-cold-start');
  const bare = join(work, 'bare', 'index.js');
  await mkdir(join(work, 'bare'), { recursive: true });
  await writeFile(bare, 'exports.handler = async () => ({});\n');
  const validator = await unpack(join(repoRoot, 'dist', 'lambda', 'order-validator.zip'), join(work, 'order-validator'));
  const generator = await unpack(join(repoRoot, 'dist', 'lambda', 'sales-generator.zip'), join(work, 'sales-generator'));

  // The generator writes into a bucket of its own, so its files start no execution of the pipeline under measurement.
  const coldStartBucket = `${deployment.bucket.name.slice(0, 50)}-cold-start`;
  const s3 = new S3Client(emulators.clientConfig('s3'));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: coldStartBucket }));
  } finally {
    s3.destroy();
  }
  const lambdaEnvironment = emulators.lambdaEnvironment();
  const batch = {
    Items: mockSales({ scheduledTime: '2026-12-01T00:00:00Z', count: 40, invalidShare: 0.1 }).map((order, index) => ({ index, order })),
    BatchInput: { bucket: deployment.bucket.name, key: 'incoming/cold-start.json', versionId: 'cold-start' },
  };
  const cases: readonly Case[] = [
    { name: 'bare handler', file: bare, event: {}, environment: lambdaEnvironment },
    {
      name: 'order-validator',
      file: validator.file,
      zipBytes: validator.zipBytes,
      event: batch,
      environment: { ...lambdaEnvironment, ...deployment.validator.environment },
    },
    // Measured where the workspace deploys the generator (a schedule invokes it).
    ...(deployment.scheduled === undefined
      ? []
      : [
          {
            name: 'sales-generator',
            file: generator.file,
            zipBytes: generator.zipBytes,
            event: { scheduledTime: '2026-12-01T00:00:00Z' },
            environment: { ...lambdaEnvironment, ...deployment.scheduled.generator.environment, DATA_LAKE_BUCKET: coldStartBucket },
          },
        ]),
  ];

  const runs = new Map<string, Run[]>(cases.map((subject) => [subject.name, []]));
  for (let round = 0; round < repetitions; round += 1) for (const subject of cases) runs.get(subject.name)?.push(await spawnToExit(subject));
  const medians = (name: string) => {
    const of = runs.get(name) ?? [];
    return { ms: median(of.map((run) => run.ms)), cpuMs: median(of.map((run) => run.cpuMs)) };
  };
  const bareMedians = medians('bare handler');
  return Promise.all(
    cases.map(async (subject) => {
      const { ms, cpuMs } = medians(subject.name);
      return {
        name: subject.name,
        ...(subject.zipBytes === undefined ? {} : { zipBytes: subject.zipBytes }),
        bundleBytes: (await stat(subject.file)).size,
        medianMs: ms,
        ratio: ms / bareMedians.ms,
        medianCpuMs: cpuMs,
        cpuRatio: cpuMs / bareMedians.cpuMs,
      };
    }),
  );
};

export const formatColdStarts = (coldStarts: readonly ColdStart[], repetitions: number): string[] => [
  `Cold start: spawn-to-exit of a fresh process loading the bundle and invoking once, median of ${repetitions}, interleaved;`,
  `its own CPU time beside it; budget ≤ ${COLD_START_BUDGET.toFixed(2)}× the bare handler`,
  `  ${''.padEnd(16)} ${'wall'.padStart(10)} ${'ratio'.padStart(7)} ${'CPU'.padStart(10)} ${'ratio'.padStart(7)}`,
  ...coldStarts.map(
    (c) =>
      `  ${c.name.padEnd(16)} ${`${c.medianMs.toFixed(1)} ms`.padStart(10)} ${`${c.ratio.toFixed(2)}×`.padStart(7)}` +
      ` ${`${c.medianCpuMs.toFixed(1)} ms`.padStart(10)} ${`${c.cpuRatio.toFixed(2)}×`.padStart(7)}` +
      (c.zipBytes === undefined
        ? ''
        : `   ${c.ratio <= COLD_START_BUDGET ? 'within' : 'OVER'} budget, zip ${c.zipBytes.toLocaleString('en-US')} bytes, index.js ${c.bundleBytes.toLocaleString('en-US')} bytes`),
  ),
];
