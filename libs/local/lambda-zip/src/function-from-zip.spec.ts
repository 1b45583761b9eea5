import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { startFunctionFromZip, LambdaZipLoadError, type LambdaFunction } from './function-from-zip';

const zipWith = (files: Record<string, string>): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'lambda-zip-')), 'function.zip');
  writeFileSync(path, zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)]))));
  return path;
};

describe('startFunctionFromZip', () => {
  const started: LambdaFunction[] = [];
  afterAll(() => Promise.all(started.map((fn) => fn.stop())));

  it('evaluates index.js from the zip once, with the function environment, and invokes its handler', async () => {
    const zip = zipWith({
      'index.js': `let coldStarts = 0; coldStarts++;
        const greeting = process.env.GREETING;
        exports.handler = async (event) => ({ greeting, coldStarts, echo: event });`,
    });
    const fn = await startFunctionFromZip(zip, { environment: { GREETING: 'hello' } });
    started.push(fn);
    expect(process.env['GREETING']).toBeUndefined();
    await expect(fn.invoke({ n: 1 })).resolves.toEqual({ ok: true, payload: { greeting: 'hello', coldStarts: 1, echo: { n: 1 } }, durationMs: expect.any(Number) });
    await expect(fn.invoke({ n: 2 })).resolves.toEqual({ ok: true, payload: { greeting: 'hello', coldStarts: 1, echo: { n: 2 } }, durationMs: expect.any(Number) });
  });

  it('reports an unhandled error as Lambda does', async () => {
    const zip = zipWith({ 'index.js': 'exports.handler = async () => { throw new TypeError("boom"); };' });
    const fn = await startFunctionFromZip(zip);
    started.push(fn);
    await expect(fn.invoke({})).resolves.toEqual({ ok: false, errorType: 'TypeError', errorMessage: 'boom', durationMs: expect.any(Number) });
  });

  it('runs one invocation at a time, as an execution environment does, each reporting its own run without the wait', async () => {
    const zip = zipWith({
      'index.js': `let active = 0;
        exports.handler = async () => { active++; const seen = active; await new Promise((r) => setTimeout(r, 150)); active--; return seen; };`,
    });
    const fn = await startFunctionFromZip(zip);
    started.push(fn);
    const calledAt = performance.now();
    const results = await Promise.all([1, 2, 3].map(() => fn.invoke({}).then((result) => ({ result, waitedMs: performance.now() - calledAt }))));
    expect(results.map(({ result }) => result)).toEqual([1, 2, 3].map(() => ({ ok: true, payload: 1, durationMs: expect.any(Number) })));
    const third = results[2];
    // The third waited for two 150 ms runs before its own; its duration is its own run alone.
    expect((third?.waitedMs ?? 0) - (third?.result.durationMs ?? Infinity)).toBeGreaterThanOrEqual(290);
  });

  it('fails an invocation still running at the timeout as Lambda does, and serves the next one', async () => {
    const zip = zipWith({
      'index.js': 'exports.handler = async (event) => (event.hang ? new Promise(() => undefined) : "answered");',
    });
    const fn = await startFunctionFromZip(zip, { timeoutMs: 200 });
    started.push(fn);
    const [hung, next] = await Promise.all([fn.invoke({ hang: true }), fn.invoke({})]);
    expect(hung).toEqual({ ok: false, errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.20 seconds', durationMs: expect.any(Number) });
    expect(next).toEqual({ ok: true, payload: 'answered', durationMs: expect.any(Number) });
  });

  it('fails an invocation whose result cannot leave the function, and serves the next one', async () => {
    const zip = zipWith({ 'index.js': 'exports.handler = async (event) => (event.odd ? { run: () => 1 } : "answered");' });
    const fn = await startFunctionFromZip(zip);
    started.push(fn);
    await expect(fn.invoke({ odd: true })).resolves.toMatchObject({ ok: false, errorType: 'DataCloneError' });
    await expect(fn.invoke({})).resolves.toEqual({ ok: true, payload: 'answered', durationMs: expect.any(Number) });
  });

  it('fails the invocation that ends its environment (out of memory) as Lambda does, and starts a new one for the next', async () => {
    const zip = zipWith({
      'index.js': `let coldStarts = 0; coldStarts++;
        exports.handler = async (event) => { const held = []; while (event.hog) held.push(new Array(1e5).fill(held.length)); return coldStarts; };`,
    });
    const fn = await startFunctionFromZip(zip, { memorySizeMb: 32 });
    started.push(fn);
    await expect(fn.invoke({})).resolves.toMatchObject({ ok: true, payload: 1 });
    const [hog, queued] = await Promise.all([fn.invoke({ hog: true }), fn.invoke({})]);
    expect(hog).toEqual({ ok: false, errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/^Runtime exited with error: .*memory/) });
    expect(queued).toMatchObject({ ok: false, errorType: 'Runtime.ExitError' });
    await expect(fn.invoke({})).resolves.toMatchObject({ ok: true, payload: 1 });
  }, 30_000);

  it("sizes the environment's heap by the function's memory, young generation included", async () => {
    const zip = zipWith({ 'index.js': `exports.handler = async () => require('node:v8').getHeapStatistics().heap_size_limit / 2 ** 20;` });
    const fn = await startFunctionFromZip(zip, { memorySizeMb: 256 });
    started.push(fn);
    const invoked = await fn.invoke({});
    // 256 MiB of old generation and 6 MiB of young (three 2 MiB semi-spaces); this process's 48 MiB would give 304.
    expect(invoked).toMatchObject({ ok: true, payload: expect.any(Number) });
    expect(invoked.ok && invoked.payload).toBeGreaterThanOrEqual(256);
    expect(invoked.ok && invoked.payload).toBeLessThan(256 + 12);
  });

  it('hands the function its log lines', async () => {
    const zip = zipWith({ 'index.js': 'exports.handler = async (e) => { console.log(JSON.stringify({ message: "seen", n: e.n })); console.error("oops"); return 1; };' });
    const lines: string[] = [];
    const fn = await startFunctionFromZip(zip, { onLog: (line) => lines.push(line) });
    started.push(fn);
    await fn.invoke({ n: 7 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.sort()).toEqual(['oops', '{"message":"seen","n":7}']);
  });

  it('names a missing entry', async () => {
    const zip = zipWith({ 'main.js': 'exports.handler = async () => 1;' });
    await expect(startFunctionFromZip(zip)).rejects.toThrow(/has no index.js \(entries: main.js\)/);
  });

  it('names a failed initialisation', async () => {
    const missingExport = zipWith({ 'index.js': 'exports.other = 1;' });
    await expect(startFunctionFromZip(missingExport)).rejects.toBeInstanceOf(LambdaZipLoadError);
    await expect(startFunctionFromZip(missingExport)).rejects.toThrow(/does not export the function handler/);
    const throwing = zipWith({ 'index.js': 'throw new Error("DATA_LAKE_BUCKET is missing");' });
    await expect(startFunctionFromZip(throwing)).rejects.toThrow(/failed to initialise: DATA_LAKE_BUCKET is missing/);
  });

  it('names an unreadable package', async () => {
    await expect(startFunctionFromZip('/nonexistent/function.zip')).rejects.toThrow(/cannot read Lambda package/);
  });
});
