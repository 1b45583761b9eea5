import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPipeline, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import type { ReportServer } from '@sales-pipeline/report-page';
import { generatedFile, writeSalesZone } from '@sales-pipeline/report-page/testing';
import { serveLiveReport } from '../src';

/** The served report over a real local pipeline: the live part follows its executions, the report re-runs as files end. */
const repoRoot = join(__dirname, '..', '..', '..', '..');
jest.setTimeout(180_000);

/** The Server-Sent Events of the page, as a browser's EventSource gets them. */
const listen = (url: string) => {
  const events: { readonly name: string; readonly html: string }[] = [];
  const request = get(`${url}events`, (response) => {
    let buffer = '';
    response.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      blocks.forEach((block) => {
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (name !== undefined && data !== undefined) events.push({ name, html: (JSON.parse(data) as { html: string }).html });
      });
    });
  });
  return { events, close: () => request.destroy() };
};

describe('npm start -- --report', () => {
  let pipeline: LocalPipeline;
  let server: ReportServer;
  let zoneDir: string;
  const said: string[] = [];

  beforeAll(async () => {
    zoneDir = await mkdtemp(join(tmpdir(), 'live-report-zone-'));
    pipeline = await startLocalPipeline({ repoRoot, onFunctionLog: () => undefined, recordOutcomes: false });
    server = await serveLiveReport(pipeline, { repoRoot, zoneDir, say: (line) => said.push(line) });
  });
  afterAll(async () => {
    await server?.close();
    await pipeline?.stop();
    await rm(zoneDir, { recursive: true, force: true });
  });

  it('a start that fails midway (its port is taken) leaves no listener on the pipeline behind', async () => {
    const attached = new Set<unknown>();
    const counted: LocalPipeline = {
      ...pipeline,
      onRunnerEvent: (listener) => {
        const detach = pipeline.onRunnerEvent(listener);
        attached.add(listener);
        return () => {
          attached.delete(listener);
          detach();
        };
      },
    };
    const port = Number(new URL(server.url).port);
    await expect(serveLiveReport(counted, { repoRoot, zoneDir, say: () => undefined, port })).rejects.toThrow(/EADDRINUSE/);
    expect(attached.size).toBe(0);
  });

  it('starts with "no sales yet", then sends the new report and the live counts when a file has been processed', async () => {
    const first = await fetch(server.url).then((response) => response.text());
    expect(first).toContain('No sales yet');
    expect(first).toMatch(/Files done<\/dt><dd>0</);
    const stream = listen(server.url);

    await writeSalesZone(zoneDir, [generatedFile('2026-12-01T10:00:00Z')]);
    await pipeline.tick('2026-12-01T10:00:00Z');
    await pipeline.settled();
    const deadline = Date.now() + 30_000;
    while (!stream.events.some((event) => event.name === 'report') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    stream.close();

    const report = stream.events.filter((event) => event.name === 'report').pop();
    const live = stream.events.filter((event) => event.name === 'live').pop();
    expect(report?.html).toContain('data-total="orders"');
    expect(report?.html).not.toContain('No sales yet');
    expect(live?.html).toMatch(/Files done<\/dt><dd>1</);
    expect(live?.html).toMatch(/Files in flight<\/dt><dd>0</);
    expect(live?.html).toMatch(new RegExp(`Alerts sent</dt><dd>${pipeline.summary().alerts}<`));
    expect(said).toEqual([`sales report: ${server.url} (it refreshes as files are processed)`]);
  });
});
