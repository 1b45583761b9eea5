import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { LiveStatus, ReportPage } from './page-model';
import { renderLiveStatus, renderReportBody, renderReportDocument, type PageAssets } from './render';

export interface ServeOptions<Err> {
  readonly assets: PageAssets;
  /** Runs the reports again; the last page that loaded stays up while a load fails. */
  readonly loadPage: () => TE.TaskEither<Err, ReportPage>;
  readonly liveStatus: () => LiveStatus;
  readonly onLoadError: (error: Err) => void;
  /** 0 (default): a free port, as the printed address says. */
  readonly port?: number;
  /** The least time between the starts of two loads (default 2 s): a busy pipeline does not keep the reports running. */
  readonly minRefreshMs?: number;
}

export interface ReportServer {
  readonly url: string;
  /** Runs the reports again and sends the new page to every open page (a call while one runs is folded into the next). */
  readonly refresh: () => Promise<void>;
  /** Sends the live part alone (cheap: nothing is queried). */
  readonly updateLive: () => void;
  readonly close: () => Promise<void>;
}

const EVENTS_PATH = '/events';
const LOOPBACK = '127.0.0.1';

const event = (name: string, html: string): string => `event: ${name}\ndata: ${JSON.stringify({ html })}\n\n`;

/**
 * The report on http://127.0.0.1:<port>/ (loopback only; a request naming another host is refused, so a web page
 * elsewhere cannot reach it through DNS rebinding), with `/events` streaming the new report and the live part to the
 * open pages as Server-Sent Events.
 */
export const serveReportPage = async <Err>(options: ServeOptions<Err>): Promise<ReportServer> => {
  const clients = new Set<ServerResponse>();
  const broadcast = (text: string) => clients.forEach((client) => client.write(text));
  const initial = await options.loadPage()();
  if (E.isLeft(initial)) throw new Error('the report could not be made', { cause: initial.left });
  let page = initial.right;
  let port = 0;

  const allowedHost = (request: IncomingMessage) => [`${LOOPBACK}:${port}`, `localhost:${port}`].includes(request.headers.host ?? '');

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHost(request)) return void response.writeHead(421, { 'Content-Type': 'text/plain' }).end('this server answers only to 127.0.0.1 and localhost\n');
    if (request.method !== 'GET') return void response.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain' }).end('GET only\n');
    const path = new URL(request.url ?? '/', `http://${LOOPBACK}`).pathname;
    if (path === EVENTS_PATH) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (path !== '/') return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('the report is at /\n');
    const html = renderReportDocument(page, options.assets, { eventsPath: EVENTS_PATH, status: options.liveStatus() });
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(html);
  };

  const server = createServer(handle);
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, LOOPBACK, () => listening());
  });
  port = (server.address() as AddressInfo).port;

  let current: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  let lastLoad = Date.now();
  const load = async (): Promise<void> => {
    const wait = lastLoad + (options.minRefreshMs ?? 2_000) - Date.now();
    if (wait > 0) await sleep(wait);
    lastLoad = Date.now();
    const loaded = await options.loadPage()();
    if (E.isLeft(loaded)) options.onLoadError(loaded.left);
    else {
      page = loaded.right;
      broadcast(event('report', renderReportBody(page)));
    }
    broadcast(event('live', renderLiveStatus(options.liveStatus())));
  };
  /** One load at a time; the calls made while one runs share the one load after it. */
  const refresh = (): Promise<void> => {
    queued ??= current.then(() => {
      queued = undefined;
      current = load();
      return current;
    });
    return queued;
  };

  return {
    url: `http://${LOOPBACK}:${port}/`,
    refresh,
    updateLive: () => broadcast(event('live', renderLiveStatus(options.liveStatus()))),
    close: async () => {
      await (queued ?? current);
      clients.forEach((client) => client.end());
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
};
