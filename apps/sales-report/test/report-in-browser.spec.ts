import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDbEngine } from '@sales-pipeline/analytics-engines';
import { emptyPage, formatCount, formatDollars, loadPageAssets, renderReportDocument, runPageReports, serveReportPage, type LiveStatus, type PageAssets, type ReportServer } from '@sales-pipeline/report-page';
import { generatedFile, generatorHistoryPage, writeSalesZone, type GeneratedFile } from '@sales-pipeline/report-page/testing';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The report in a real browser: Debian's Chromium, driven by playwright-core (no browser download), one launch for
 * the suite. The file `npm run report` writes (the built command line), an empty history, a year of history, and the
 * served page while the zone grows. Screenshots go to tmp/report/screenshots/.
 */
const repoRoot = join(__dirname, '..', '..', '..');
const main = join(repoRoot, 'dist', 'apps', 'sales-report', 'main.js');
const screenshots = join(repoRoot, 'tmp', 'report', 'screenshots');
/** Debian's package (what .ci/run installs); CHROMIUM_PATH names another Chromium or Chrome (GitHub's runners have /usr/bin/google-chrome). */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
jest.setTimeout(120_000);

interface Drawn {
  readonly id: string;
  readonly points: number;
  /** Canvas pixels that are not transparent: a chart that drew nothing has none. */
  readonly painted: number;
}

interface Opened {
  readonly page: Page;
  readonly problems: string[];
}

let browser: Browser;
let workDir: string;
let assets: PageAssets;

const open = async (url: string, options: { readonly width?: number; readonly colorScheme?: 'light' | 'dark' } = {}): Promise<Opened> => {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (sent) => {
    const allowed = url.startsWith('file:') ? sent.url().startsWith('file:') : sent.url().startsWith(new URL(url).origin);
    if (!allowed) problems.push(`request to ${sent.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('report-drawn').length > 0);
  return { page, problems };
};

/** Every chart Chart.js drew on the page, with its number of values and painted pixels. */
const drawnCharts = (page: Page): Promise<readonly Drawn[]> =>
  page.evaluate(() => {
    const { Chart } = window as unknown as { readonly Chart: { getChart: (canvas: HTMLCanvasElement) => { data: { datasets: { data: unknown[] }[] } } | undefined } };
    return Array.from(document.querySelectorAll<HTMLCanvasElement>('figure canvas')).map((canvas) => {
      const chart = Chart.getChart(canvas);
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let painted = 0;
      for (let alpha = 3; alpha < pixels.length; alpha += 4) if ((pixels[alpha] ?? 0) > 0) painted += 1;
      return { id: canvas.id.replace(/^chart-/, ''), points: chart?.data.datasets.reduce((n, dataset) => n + dataset.data.length, 0) ?? 0, painted };
    });
  });

const totalShown = (page: Page, id: string) => page.locator(`[data-total="${id}"]`).textContent();

const report = (args: readonly string[]): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> =>
  new Promise((resolve) =>
    execFile(process.execPath, [main, ...args], { cwd: repoRoot, env: { PATH: process.env['PATH'], TZ: 'UTC' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );

const days = (from: string, count: number) => Array.from({ length: count }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it where it is missing), or set CHROMIUM_PATH`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // playwright-core starts it headless with a fresh temporary profile (its own --user-data-dir), removed on close.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  workDir = await mkdtemp(join(tmpdir(), 'sales-report-'));
  await mkdir(screenshots, { recursive: true });
  const loaded = await loadPageAssets();
  if (E.isLeft(loaded)) throw new Error(loaded.left.message);
  assets = loaded.right;
});

afterAll(async () => {
  await browser?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the file npm run report writes', () => {
  // Three sale days of generator files, and one file sold on the 2nd but taken in on the 4th.
  const files: readonly GeneratedFile[] = [
    ...['2026-12-01T08:00:00Z', '2026-12-01T08:01:00Z', '2026-12-02T09:00:00Z', '2026-12-03T23:59:00Z'].map((time) => generatedFile(time)),
    generatedFile('2026-12-02T12:00:00Z', 25, '2026-12-04T07:00:00Z'),
  ];
  const stored = files.flatMap((file) => file.stored);

  it('draws every chart with a point per value, totals equal to the orders written, and fetches nothing', async () => {
    const zone = join(workDir, 'zone');
    await writeSalesZone(zone, files);
    const out = join(workDir, 'report.html');
    const run = await report(['--zone', zone, '--out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const html = await readFile(out, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).not.toContain('sourceMappingURL');

    const { page, problems } = await open(`file://${out}`);
    const revenue = stored.reduce((cents, sale) => cents + Math.round(sale.price * sale.quantity * 100), 0) / 100;
    expect(await totalShown(page, 'orders')).toBe(formatCount(stored.length));
    expect(await totalShown(page, 'revenue')).toBe(formatDollars(revenue));
    expect(await totalShown(page, 'high-value')).toBe(formatCount(stored.filter((sale) => sale.price > 400).length));
    expect(await totalShown(page, 'late-orders')).toBe(formatCount(files[4]?.stored.length ?? 0));
    expect(run.stdout).toContain(`orders ${formatCount(stored.length)}, revenue ${formatDollars(revenue)}`);

    const products = new Set(stored.map((sale) => sale.product)).size;
    const charts = await drawnCharts(page);
    expect(charts.map(({ id, points }) => [id, points])).toEqual([
      ['sales', 3 * 2],
      ['high-value', 3 * 2],
      ['top-products', Math.min(products, 10)],
      ['order-value', 4],
      ['rejections', 4],
      ['late-files', 1],
    ]);
    charts.forEach((chart) => expect([chart.id, chart.painted > 1_000]).toEqual([chart.id, true]));
    expect(await page.locator('figure details table').count()).toBe(6);
    await page.screenshot({ path: join(screenshots, 'report-light.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();

    const phone = await open(`file://${out}`, { width: 390, colorScheme: 'dark' });
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect((await drawnCharts(phone.page)).every((chart) => chart.painted > 1_000)).toBe(true);
    await phone.page.screenshot({ path: join(screenshots, 'report-phone-dark.png'), fullPage: true });
    expect(phone.problems).toEqual([]);
    await phone.page.close();
  });

  it('says "no sales yet" instead of empty axes when the history is empty', async () => {
    const out = join(workDir, 'empty.html');
    const run = await report(['--zone', join(workDir, 'no-zone'), '--out', out, '--from', '2026-12-01', '--to', '2026-12-07']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('no sales yet');
    const { page, problems } = await open(`file://${out}`);
    expect(await page.locator('#no-sales').textContent()).toBe('No sales yet between 2026-12-01 and 2026-12-07.');
    expect(await page.locator('canvas').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('a year of generator history', () => {
  it('draws every chart; prints how long the browser took and how big the file is', async () => {
    const year = generatorHistoryPage({ from: '2025-12-01', days: 365, ordersPerDay: 36_000, generatedAt: '2026-12-01T00:00:00Z' });
    const out = join(workDir, 'year.html');
    const html = renderReportDocument(year, assets);
    await writeFile(out, html);
    const { page, problems } = await open(`file://${out}`);
    const charts = await drawnCharts(page);
    expect(charts.map(({ id, points }) => [id, points])).toEqual([
      ['sales', 730],
      ['high-value', 730],
      ['top-products', 10],
      ['order-value', 4],
      ['rejections', 365],
      ['late-files', 331],
    ]);
    const drawnAt = (opened: Page) => opened.evaluate(() => performance.getEntriesByName('report-drawn')[0]?.startTime ?? NaN);
    const yearMs = await drawnAt(page);
    // The same page with no sales, opened right after: what parsing the page and Chart.js costs on this machine now.
    const emptyFile = join(workDir, 'empty-year.html');
    await writeFile(emptyFile, renderReportDocument(emptyPage('2025-12-01', '2026-11-30', '2026-12-01T00:00:00Z', 'nothing'), assets));
    const empty = await open(`file://${emptyFile}`);
    const emptyMs = await drawnAt(empty.page);
    await empty.page.close();
    process.stdout.write(
      `a year of history: ${formatCount(Buffer.byteLength(html))} bytes (Chart.js ${formatCount(Buffer.byteLength(assets.chartJs))}); ` +
        `drawn ${Math.round(yearMs)} ms after navigation, the empty page ${Math.round(emptyMs)} ms (${(yearMs / emptyMs).toFixed(2)}x), load ${loadavg()[0]?.toFixed(1)}\n`,
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the served page', () => {
  const zone = () => join(workDir, 'served-zone');
  let server: ReportServer;
  const status: { -readonly [K in keyof LiveStatus]: LiveStatus[K] } = {
    filesInFlight: 1,
    executionsInFlight: 2,
    filesDone: 1,
    alertsSent: 0,
    deadLettersWaiting: 0,
    updatedAt: '2026-12-07T02:00:00Z',
  };

  beforeAll(async () => {
    await writeSalesZone(zone(), [generatedFile('2026-12-01T08:00:00Z')]);
    server = await serveReportPage({
      assets,
      loadPage: () =>
        pipe(
          openDuckDbEngine(zone()),
          TE.flatMap((engine) => pipe(runPageReports(engine, repoRoot, { today: '2026-12-07', generatedAt: status.updatedAt, source: 'test zone' }), TE.tap(() => TE.fromIO(() => engine.close())))),
        ),
      liveStatus: () => status,
      onLoadError: (error) => {
        throw new Error(JSON.stringify(error));
      },
    });
  });
  afterAll(() => server?.close());

  it('is on 127.0.0.1 and answers only to a loopback host name', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const code = await new Promise<number | undefined>((resolve, reject) =>
      request(server.url, { headers: { Host: 'attacker.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(code).toBe(421);
  });

  it('updates the charts and the live part as files are processed, without a reload', async () => {
    const { page, problems } = await open(server.url);
    expect((await drawnCharts(page)).find((chart) => chart.id === 'sales')?.points).toBe(2);
    expect(await page.locator('#live').textContent()).toContain('Files done1');

    await writeSalesZone(zone(), days('2026-12-02', 2).map((day) => generatedFile(`${day}T10:00:00Z`)));
    Object.assign(status, { filesInFlight: 0, executionsInFlight: 0, filesDone: 3, alertsSent: 7, updatedAt: '2026-12-07T02:01:00Z' });
    await page.evaluate(() => ((window as unknown as { navigated: boolean }).navigated = false));
    await server.refresh();
    await page.waitForFunction(() => document.querySelector('#live')?.textContent?.includes('Files done3'));
    await page.waitForFunction(() => performance.getEntriesByName('report-drawn').length > 1);
    expect((await drawnCharts(page)).find((chart) => chart.id === 'sales')).toMatchObject({ points: 6 });
    expect(await page.evaluate(() => (window as unknown as { navigated: boolean }).navigated)).toBe(false);
    expect(await page.locator('#live').textContent()).toContain('Alerts sent7');
    await page.screenshot({ path: join(screenshots, 'served.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
