import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { localStateLayout, withEngine } from '@sales-pipeline/analytics-engines';
import { CalendarDay } from '@sales-pipeline/analytics-zone';
import {
  describeAssetUnreadable,
  describeReportPageError,
  emptyPage,
  formatCount,
  formatDollars,
  loadPageAssets,
  renderReportDocument,
  runPageReports,
  totalsOf,
  type ReportPage,
  type ReportPageError,
} from '@sales-pipeline/report-page';
import { CliExitCode, parseCommandLine, tolerateClosedOutput } from '@sales-pipeline/cli-commander';
import { Command, InvalidArgumentError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';

tolerateClosedOutput();

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** The workspace root: this file is bundled to dist/apps/sales-report/main.js. */
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');
const ExitCode = { ...CliExitCode, failed: 1 } as const;

interface Options {
  readonly from?: string;
  readonly to?: string;
  readonly out: string;
  readonly zone: string;
  readonly aws?: boolean;
  readonly workgroup?: string;
  readonly database?: string;
}

type Failure = { readonly _tag: 'Usage'; readonly message: string } | { readonly _tag: 'Failed'; readonly message: string };

const calendarDay = (text: string): string => {
  if (CalendarDay.is(text)) return text;
  throw new InvalidArgumentError(`"${text}" is not a date: give YYYY-MM-DD, e.g. 2026-12-01`);
};

const program = new Command('report')
  .description('Writes the sales report, one self-contained HTML file (charts and tables, no network needed to view it), from the analytics reports: DuckDB over the local zone, or Athena with --aws.')
  .addOption(new Option('--from <date>', 'first sale day, YYYY-MM-DD (default: the first day with sales)').argParser(calendarDay))
  .addOption(new Option('--to <date>', 'last sale day, YYYY-MM-DD (default: the last day with sales)').argParser(calendarDay))
  .option('--out <file>', 'where to write the page', join(repoRoot, 'tmp', 'report', 'sales-report.html'))
  .option('--zone <dir>', 'the local analytics zone (what `npm start` keeps)', localStateLayout(repoRoot).zoneDir)
  .option('--aws', 'run the reports on Athena (AWS credentials and region from the environment)')
  .addOption(new Option('--workgroup <name>', 'the Athena workgroup (terraform output analytics_workgroup)').env('ANALYTICS_WORKGROUP'))
  .addOption(new Option('--database <name>', 'the Glue database (terraform output analytics_database)').env('ANALYTICS_DATABASE'))
  .showHelpAfterError('(npm run report -- --help lists the options)')
  .addHelpText('after', '\nExit codes:\n  0  the page is written (an empty history gives a page that says "no sales yet")\n  1  a report failed or the page could not be written\n  2  wrong options (the message says what to give)');

const usage = (message: string): Failure => ({ _tag: 'Usage', message });
const failed = (message: string): Failure => ({ _tag: 'Failed', message });

const fromReports = (error: ReportPageError): Failure =>
  error._tag === 'BadParameter' || error._tag === 'UnknownReport' ? usage(describeReportPageError(error)) : failed(describeReportPageError(error));

/** The reports on the engine the options name; a local zone without orders yet is a page of no sales, not an error. */
const reportPage = (options: Options, now: Date): TE.TaskEither<Failure, ReportPage> => {
  const generatedAt = now.toISOString();
  const today = generatedAt.slice(0, 10);
  const source =
    options.aws === true
      ? `Athena workgroup ${options.workgroup}, database ${options.database}`
      : `the local analytics zone ${relative(process.cwd(), options.zone) || '.'}`;
  const request = { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}), today, generatedAt, source };
  return pipe(
    withEngine(options, (engine) => runPageReports(engine, repoRoot, request)),
    TE.orElse((error) => {
      if (error._tag !== 'EmptyHistory') return TE.left(fromReports(error));
      process.stderr.write(`report: ${error.message}; the page says "no sales yet"\n`);
      const { from = options.to ?? today, to = options.from ?? today } = options;
      return TE.right(emptyPage(from, to, generatedAt, source));
    }),
  );
};

const writePage = (file: string, html: string): TE.TaskEither<Failure, void> =>
  pipe(
    TE.tryCatch(
      () => stat(file).then((stats) => stats.isDirectory(), () => false),
      (error) => failed(String(error)),
    ),
    TE.filterOrElse((isDirectory) => !isDirectory, () => usage(`--out ${file} is a directory: give a file name, e.g. ${join(file, 'sales-report.html')}`)),
    TE.flatMap(() =>
      TE.tryCatch(
        async () => {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, html);
        },
        (error) => failed(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`),
      ),
    ),
  );

const describeWritten = (file: string, html: string, page: ReportPage): string => {
  const totals = totalsOf(page);
  return [
    `wrote ${relative(process.cwd(), file) || file} (${formatCount(Buffer.byteLength(html))} bytes): sales report ${page.range.from} to ${page.range.to}`,
    `  orders ${formatCount(totals.orders)}, revenue ${formatDollars(totals.revenue)}, high-value ${formatCount(totals.highValue)} (${formatCount(totals.alerted)} alerted), rejections ${formatCount(totals.rejections)}, late orders ${formatCount(totals.lateOrders)}`,
  ].join('\n');
};

const run = async (options: Options): Promise<number> => {
  const out = resolve(options.out);
  const written = await pipe(
    TE.Do,
    TE.bind('assets', () => pipe(loadPageAssets, TE.mapLeft((error) => failed(describeAssetUnreadable(error))))),
    TE.bind('page', () => reportPage(options, new Date())),
    TE.let('html', ({ assets, page }) => renderReportDocument(page, assets)),
    TE.tap(({ html }) => writePage(out, html)),
  )();
  if (E.isLeft(written)) {
    process.stderr.write(`report: ${written.left.message}\n`);
    return written.left._tag === 'Usage' ? ExitCode.usage : ExitCode.failed;
  }
  process.stdout.write(`${describeWritten(out, written.right.html, written.right.page)}\n`);
  return ExitCode.ok;
};

const main = async (): Promise<number> => {
  const parsed = await parseCommandLine(program);
  if (E.isLeft(parsed)) return parsed.left;
  const options = program.opts<Options>();
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    process.stderr.write(`report: --from ${options.from} is after --to ${options.to}: give the earlier day first\n`);
    return ExitCode.usage;
  }
  return run(options);
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`report failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(ExitCode.failed);
  },
);
