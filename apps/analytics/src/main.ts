import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compactZone, describeCompaction, localStateLayout, runReport, withEngine } from '@sales-pipeline/analytics-engines';
import {
  describeReportError,
  formatRows,
  type OutputFormat,
  OrdersTable,
  OutputFormats,
  type ReportError,
  type ReportParams,
  Reports,
  type Rows,
} from '@sales-pipeline/analytics-zone';
import { CliExitCode, parseCommandLine, tolerateClosedOutput } from '@sales-pipeline/cli-commander';
import { Command, InvalidArgumentError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';

tolerateClosedOutput();

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** The workspace root: this file is bundled to dist/apps/analytics/main.js. */
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');


const ExitCode = { ...CliExitCode, queryFailed: 1 } as const;

const exitCodesHelp = `
Exit codes:
  0  done
  1  the query failed (the engine's message is shown)
  2  wrong command or option, unknown report, bad date, refused --sql, or no history yet (the message says what to do)`;

interface Options {
  readonly list?: boolean;
  readonly compact?: boolean;
  readonly sql?: string;
  readonly from?: string;
  readonly to?: string;
  readonly day?: string;
  readonly product?: string;
  readonly format: OutputFormat;
  readonly zone: string;
  readonly aws?: boolean;
  readonly workgroup?: string;
  readonly database?: string;
}

const exitCodeOf = (error: ReportError): number => (error._tag === 'QueryFailed' ? ExitCode.queryFailed : ExitCode.usage);

const reportList = (): string =>
  Reports.map((report) => {
    const parameters = [...new Set(report.placeholders)].map((name) => (report.required.includes(name) ? `--${name}` : `[--${name}]`));
    return `${report.name.padEnd(20)} ${report.description}\n${' '.repeat(21)}${parameters.join(' ')}`;
  }).join('\n') + '\n';

const usage = (message: string): ReportError => ({ _tag: 'BadParameter', parameter: 'from', message });

const query = (report: string | undefined, options: Options): TE.TaskEither<ReportError, Rows> => {
  if (options.sql !== undefined && report !== undefined) return TE.left(usage('give a report name or --sql, not both'));
  if (options.sql !== undefined) {
    const sql = options.sql;
    return withEngine(options, (engine) => (engine.name === 'duckdb' ? engine.select(sql) : engine.query(sql, [])));
  }
  if (report === undefined) return TE.left(usage('name a report (--list names them) or pass --sql "SELECT …"'));
  const params: ReportParams = {
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.day !== undefined ? { day: options.day } : {}),
    ...(options.product !== undefined ? { product: options.product } : {}),
  };
  return withEngine(options, (engine) => runReport(engine, repoRoot, report, params));
};

/** Writes to stdout; a reader that went away (`| head`) ends the output quietly. */
const write = (text: string): Promise<void> =>
  new Promise((done) => {
    process.stdout.on('error', () => done());
    process.stdout.write(text, () => done());
  });

const format = (value: string): OutputFormat => {
  const found = OutputFormats.find((candidate) => candidate === value);
  if (found === undefined) throw new InvalidArgumentError(`must be one of ${OutputFormats.join(', ')}`);
  return found;
};

const program = new Command('analytics')
  .description('Report on the stored orders: DuckDB embedded over the local analytics zone, or Athena (--aws).')
  .argument('[report]', 'the report to run (--list names them)')
  .option('--list', 'name and describe the reports')
  .option('--compact', 'compact the local zone: each day not yet (or no longer) compacted becomes one Parquet object; the objects stay')
  .option('--sql <select>', 'a free query over the tables orders and rejections (one SELECT; nothing outside the zone)')
  .option('--from <date>', 'first sale day, YYYY-MM-DD (default: the whole history)')
  .option('--to <date>', 'last sale day, YYYY-MM-DD (default: the whole history)')
  .option('--day <date>', 'the sale day of revenue-per-hour, YYYY-MM-DD')
  .option('--product <name>', 'one product (revenue-per-day)')
  .addOption(new Option('--format <format>', 'table, csv or json').default('table').argParser(format))
  .option('--zone <dir>', 'the local analytics zone: a directory mirroring the data lake analytics/ prefix', localStateLayout(repoRoot).zoneDir)
  .option('--aws', 'run on Athena in the workgroup (AWS credentials and region from the environment)')
  .addOption(new Option('--workgroup <name>', 'the Athena workgroup (terraform output analytics_workgroup)').env('ANALYTICS_WORKGROUP'))
  .addOption(new Option('--database <name>', 'the Glue database (terraform output analytics_database)').env('ANALYTICS_DATABASE'))
  .showHelpAfterError()
  .addHelpText('after', exitCodesHelp);

/** `--compact`: the days it compacted, or why it could not. */
const compact = async (options: Options): Promise<number> => {
  if (options.aws === true || options.sql !== undefined || program.args.length > 0) {
    process.stderr.write('analytics: --compact takes no report, --sql or --aws (it compacts the local zone, --zone)\n');
    return ExitCode.usage;
  }
  const zone = resolve(options.zone);
  if ((await stat(join(zone, OrdersTable.prefix)).catch(() => undefined))?.isDirectory() !== true) {
    process.stderr.write(`analytics: no analytics zone at ${zone} (no orders/ in it): \`npm start\` writes tmp/local-state/zone, --zone names another\n`);
    return ExitCode.usage;
  }
  const result = await compactZone(zone)();
  if (E.isLeft(result)) {
    process.stderr.write(`analytics: ${result.left.message}\n`);
    return ExitCode.queryFailed;
  }
  await write(`${describeCompaction(result.right)}\n`);
  return ExitCode.ok;
};

const main = async (): Promise<number> => {
  const parsed = await parseCommandLine(program);
  if (E.isLeft(parsed)) return parsed.left;
  const options = program.opts<Options>();
  if (options.list === true) {
    await write(reportList());
    return ExitCode.ok;
  }
  if (options.compact === true) return compact(options);
  const result = await query(program.args[0], options)();
  if (E.isLeft(result)) {
    process.stderr.write(`analytics: ${describeReportError(result.left)}\n`);
    return exitCodeOf(result.left);
  }
  await write(formatRows(result.right, options.format));
  return ExitCode.ok;
};

void main().then((code) => {
  process.exitCode = code;
});
