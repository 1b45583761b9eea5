import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localStateLayout, withDuckDbEngine } from '@sales-pipeline/analytics-engines';
import { localEndpoints, type LocalPipeline } from '@sales-pipeline/local-pipeline-engine';
import {
  describeReportPageError,
  emptyPage,
  loadPageAssets,
  runPageReports,
  serveReportPage,
  type LiveStatus,
  type ReportPageError,
  type ReportServer,
} from '@sales-pipeline/report-page';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';

export interface LiveReportOptions {
  readonly repoRoot: string;
  /** The local analytics zone the pipeline writes (default: the local state's, where npm run report reads it). */
  readonly zoneDir?: string;
  /** Where the page's address and problems go (a report that failed: the last good page stays up). */
  readonly say: (line: string) => void;
  readonly port?: number;
}

/** At most this often the live part is sent on its own, whatever the rate of events. */
const LIVE_EVERY_MS = 500;

/** What is running, from the runners' events as they happen (nothing is re-read). */
const inFlight = (pipeline: LocalPipeline) => {
  const running = new Set<string>();
  const files = new Set<string>();
  let filesDone = 0;
  const detach = pipeline.onRunnerEvent((event) => {
    if (event.type === 'ExecutionStarted') {
      running.add(event.executionArn);
      if (event.parentArn === undefined) files.add(event.executionArn);
    }
    if (event.type === 'ExecutionEnded') {
      running.delete(event.executionArn);
      if (files.delete(event.executionArn)) filesDone += 1;
    }
  });
  return { detach, counts: () => ({ executionsInFlight: running.size, filesInFlight: files.size, filesDone }) };
};

/**
 * `npm start -- --report`: the sales report on http://127.0.0.1:<port>/ while the pipeline runs. The reports run
 * again over the zone each time a file's execution ends (one run at a time, the ends meanwhile folded into the next);
 * the live part (files and executions in flight, alerts sent, dead letters waiting) follows every event.
 */
export const serveLiveReport = async (pipeline: LocalPipeline, options: LiveReportOptions): Promise<ReportServer> => {
  const zoneDir = options.zoneDir ?? localStateLayout(options.repoRoot).zoneDir;
  const assets = await loadPageAssets();
  if (E.isLeft(assets)) throw new Error(assets.left.message);
  const flight = inFlight(pipeline);
  const endpoints = localEndpoints(pipeline, process.pid);
  const sqs = new SQSClient({ ...pipeline.emulators.clientConfig('sqs') });
  let deadLettersWaiting = 0;
  const countDeadLetters = TE.tryCatch(
    async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: endpoints.queues.deadLetter, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      deadLettersWaiting = Number(Attributes?.['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 0);
    },
    (error): ReportPageError => ({ _tag: 'QueryFailed', message: `cannot count the dead letters: ${String(error)}` }),
  );
  const liveStatus = (): LiveStatus => ({ ...flight.counts(), alertsSent: pipeline.summary().alerts, deadLettersWaiting, updatedAt: new Date().toISOString() });

  const loadPage = () => {
    const generatedAt = new Date().toISOString();
    const request = { today: generatedAt.slice(0, 10), generatedAt, source: 'the local analytics zone, as the pipeline runs' };
    return pipe(
      countDeadLetters,
      TE.flatMap(() => withDuckDbEngine(zoneDir, (engine) => runPageReports(engine, options.repoRoot, request))),
      TE.orElse((error) => (error._tag === 'EmptyHistory' ? TE.right(emptyPage(request.today, request.today, generatedAt, request.source)) : TE.left(error))),
    );
  };

  // A start that fails (the first report, or the port taken) leaves nothing behind: no listener, no client.
  const server = await serveReportPage({
    assets: assets.right,
    loadPage,
    liveStatus,
    onLoadError: (error) => options.say(`report: ${describeReportPageError(error)} (the page keeps the last report)`),
    ...(options.port === undefined ? {} : { port: options.port }),
  }).catch((error: unknown) => {
    flight.detach();
    sqs.destroy();
    throw error;
  });

  options.say(`sales report: ${server.url} (it refreshes as files are processed)`);
  let liveTimer: NodeJS.Timeout | undefined;
  const detachRefresh = pipeline.onRunnerEvent((event) => {
    if (event.type === 'ExecutionEnded' && event.parentArn === undefined) {
      void server.refresh();
      return;
    }
    liveTimer ??= setTimeout(() => {
      liveTimer = undefined;
      server.updateLive();
    }, LIVE_EVERY_MS);
  });

  return {
    ...server,
    close: async () => {
      detachRefresh();
      flight.detach();
      if (liveTimer) clearTimeout(liveTimer);
      await server.close();
      sqs.destroy();
    },
  };
};
