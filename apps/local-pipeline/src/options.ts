import { parseArgs } from 'node:util';
import { describeFaultSpecError, parseFaultSpec, type ParsedFaultRule } from '@sales-pipeline/local-step-functions';
import { displaySafe } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

export type RunMode =
  | { readonly _tag: 'Schedule'; readonly ticks: number | undefined; readonly everyMs: number | undefined }
  | { readonly _tag: 'Upload'; readonly files: readonly string[] };

export interface Options {
  readonly mode: RunMode;
  readonly json: boolean;
  /** Alert lines with the full e-mail. */
  readonly verbose: boolean;
  /** After the summary, stay up with the data and the emulator endpoints until Ctrl-C. */
  readonly keep: boolean;
  /** Serve the sales report on 127.0.0.1 while the pipeline runs. */
  readonly report: boolean;
  /** A fault campaign for the state machine's Task calls, and the seed of its draws. */
  readonly faults: readonly ParsedFaultRule[];
  readonly seed: number;
  /** The Terraform workspace whose tfvars the run evaluates (terraform/workspaces/<name>.tfvars). */
  readonly workspace: string;
  /** The state folder the run continues (default: tmp/local-state of the repository). */
  readonly stateDir: string | undefined;
  /** Empty the state folder before the run. */
  readonly fresh: boolean;
}

export type OptionsError =
  | { readonly _tag: 'HelpRequested' }
  | { readonly _tag: 'UnknownOption'; readonly message: string }
  | { readonly _tag: 'InvalidValue'; readonly option: string; readonly value: string; readonly expected: string }
  | { readonly _tag: 'ConflictingOptions'; readonly options: readonly string[] }
  | { readonly _tag: 'InvalidFaults'; readonly message: string }
  | { readonly _tag: 'SeedWithoutFaults' };

const usage = `Usage: npm start -- [options]

Runs the whole sales-pipeline on this machine (AWS-API emulators on 127.0.0.1, the packaged Lambda zips, the
Terraform templates rendered for a workspace, "local" by default) until Ctrl-C, then drains and prints a summary.

Options:
  --ticks <n>        stop after n generator runs, wait for everything they started, print the summary, exit
  --every <duration> local tick interval, e.g. 2s, 500ms, 1m (default: the Terraform schedule expression)
  --upload <file>    put an order file into incoming/ under its own name, wait for its execution, print the
                     summary and exit (the generator does not run); give it several times to put the files at once
  --faults <spec>    inject faults into the state machine's Task calls, e.g.
                     dynamodb:putItem=throttle@10%,sns:publish=error@5%,lambda:invoke=crash@2%/after
                     (TARGET=FAULT[@SHARE][/PHASE]: TARGET a service action or a state name; FAULT throttle, error,
                     error:<Name>, crash or function-error; SHARE of the matching calls, default all; PHASE before
                     (the call never happens, default) or after (it happened, the answer is lost))
  --seed <n>         seed of the --faults draws (default 1; only with --faults). A seed fixes the sequence of
                     draws, not which call draws which: calls run concurrently, so the faults may hit other orders
                     from run to run; the counts and checks hold whichever they hit
  --workspace <name> evaluate terraform/workspaces/<name>.tfvars instead of local.tfvars, e.g. prod to run a big
                     file with production's batch caps (local has small batches); the generator runs only where
                     that workspace enables its schedule
  --json             print the summary as one JSON object on the last line of stdout
  --verbose          show each alert e-mail in full (default: one line per alert)
  --keep             after the summary, stay up: print the emulator endpoints (also written to
                     tmp/local-pipeline/endpoints.json) and keep the data until Ctrl-C; the --faults campaign
                     ends with the summary, so the session's replays and redrives run without faults
  --state <dir>      the state folder the run continues (default tmp/local-state): the data lake (S3 objects with
                     their versions, the analytics zone under analytics/ and its mirror zone/), the orders table and
                     the other DynamoDB tables. One run at a time per folder: a second one is refused (exit 2);
                     the lock of a run that was killed is taken over once stale (within 10 s)
  --fresh            start from an empty state folder (once no other run holds it)
  --report           serve the sales report on http://127.0.0.1:<port>/ (the address is printed): the charts of
                     npm run report, refreshed as files are processed, and what is in flight now
  --help             show this help

What lasts: the state folder keeps S3, DynamoDB and the queues, so a run continues the previous runs' data: their
orders stay in the table, a file uploaded again is counted duplicate, not stored twice, and the messages left on the
queues (rejected orders, dead letters, the alert inbox) are sent back at the start: a dead letter of an earlier run
can be redriven with --keep (npm run ops -- ... --local). They come back with new message ids and sent times.

Ctrl-C (SIGINT) or SIGTERM, to this process or its whole process group: start nothing new, let the running
executions finish, print the summary. A second one stops the running executions (StopExecution): they start no
further batch, the batches running finish, and their unfinished orders are counted failed.

Exit codes:
  0    every order is accounted for (stored, rejected with reasons, duplicate, or failed into the dead-letter
       queue) and no execution failed for a technical reason; a rejected file is a result, not a failure
  1    an execution failed for a technical reason, a dead-letter message could not be sent, an order is
       unaccounted for, or the pipeline could not start
  2    wrong options, an unreadable --upload file, or the state folder is in use by another run
  130  stopped by a second Ctrl-C/SIGTERM before the running executions ended
`;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

export const parseDuration = (text: string): E.Either<OptionsError, number> => {
  const match = DURATION.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  return Number.isFinite(ms) && ms >= 1
    ? E.right(Math.round(ms))
    : E.left({ _tag: 'InvalidValue', option: '--every', value: text, expected: 'a duration such as 2s, 500ms or 1m' });
};

const parsePositiveInteger = (option: string, text: string): E.Either<OptionsError, number> =>
  /^\d+$/.test(text) && Number(text) >= 1
    ? E.right(Number(text))
    : E.left({ _tag: 'InvalidValue', option, value: text, expected: 'a whole number of at least 1' });

const optional = <A>(text: string | undefined, parse: (text: string) => E.Either<OptionsError, A>) =>
  text === undefined ? E.right(undefined) : parse(text);

const flags = (values: {
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly keep?: boolean;
  readonly report?: boolean;
  readonly workspace?: string;
  readonly state?: string;
  readonly fresh?: boolean;
}) => ({
  json: values.json ?? false,
  verbose: values.verbose ?? false,
  keep: values.keep ?? false,
  report: values.report ?? false,
  workspace: values.workspace ?? 'local',
  stateDir: values.state,
  fresh: values.fresh ?? false,
});

/** Terraform's rule for workspace names, narrowed to what a tfvars file name under terraform/workspaces can be. */
const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const campaign = (values: { readonly faults?: string; readonly seed?: string }): E.Either<OptionsError, Pick<Options, 'faults' | 'seed'>> =>
  pipe(
    E.Do,
    E.bind('faults', () =>
      values.faults === undefined
        ? E.right<OptionsError, readonly ParsedFaultRule[]>([])
        : pipe(
            parseFaultSpec(values.faults),
            E.mapLeft((error): OptionsError => ({ _tag: 'InvalidFaults', message: describeFaultSpecError(error) })),
          ),
    ),
    E.bind('seed', () =>
      values.seed === undefined
        ? E.right(1)
        : values.faults === undefined
          ? E.left<OptionsError>({ _tag: 'SeedWithoutFaults' })
          : parsePositiveInteger('--seed', values.seed),
    ),
  );

export const parseOptions = (argv: readonly string[]): E.Either<OptionsError, Options> =>
  pipe(
    E.tryCatch(
      () =>
        parseArgs({
          args: [...argv],
          strict: true,
          allowPositionals: false,
          options: {
            ticks: { type: 'string' },
            every: { type: 'string' },
            upload: { type: 'string', multiple: true },
            faults: { type: 'string' },
            seed: { type: 'string' },
            workspace: { type: 'string', default: 'local' },
            json: { type: 'boolean', default: false },
            verbose: { type: 'boolean', default: false },
            keep: { type: 'boolean', default: false },
            report: { type: 'boolean', default: false },
            state: { type: 'string' },
            fresh: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
          },
        }).values,
      (error): OptionsError => ({ _tag: 'UnknownOption', message: (error as Error).message }),
    ),
    E.flatMap((values) => (values.help ? E.left<OptionsError>({ _tag: 'HelpRequested' }) : E.right(values))),
    E.flatMap((values) =>
      values.state === ''
        ? E.left<OptionsError>({ _tag: 'InvalidValue', option: '--state', value: '', expected: 'a folder path' })
        : E.right(values),
    ),
    E.flatMap((values) =>
      WORKSPACE_NAME.test(values.workspace)
        ? E.right(values)
        : E.left<OptionsError>({ _tag: 'InvalidValue', option: '--workspace', value: values.workspace, expected: 'a workspace name (letters, digits, - and _)' }),
    ),
    E.flatMap((values) => {
      if (values.upload !== undefined) {
        const conflicting = (['ticks', 'every'] as const).filter((name) => values[name] !== undefined);
        const files = values.upload;
        return conflicting.length > 0
          ? E.left<OptionsError>({ _tag: 'ConflictingOptions', options: ['--upload', ...conflicting.map((n) => `--${n}`)] })
          : files.includes('')
            ? E.left<OptionsError>({ _tag: 'InvalidValue', option: '--upload', value: '', expected: 'a file path' })
            : pipe(
                campaign(values),
                E.map((faults): Options => ({ mode: { _tag: 'Upload', files }, ...flags(values), ...faults })),
              );
      }
      return pipe(
        E.Do,
        E.bind('ticks', () => optional(values.ticks, (text) => parsePositiveInteger('--ticks', text))),
        E.bind('everyMs', () => optional(values.every, parseDuration)),
        E.bind('faults', () => campaign(values)),
        E.map(({ ticks, everyMs, faults }): Options => ({ mode: { _tag: 'Schedule', ticks, everyMs }, ...flags(values), ...faults })),
      );
    }),
  );

export const describeOptionsError = (error: OptionsError): string => {
  switch (error._tag) {
    case 'HelpRequested':
      return usage;
    case 'UnknownOption':
      return `${displaySafe(error.message)}\n\n${usage}`;
    case 'InvalidValue':
      return `${error.option}: "${displaySafe(error.value)}" is not ${error.expected}.`;
    case 'ConflictingOptions':
      return `${error.options.join(' and ')} cannot be used together: --upload runs its files and exits.`;
    case 'InvalidFaults':
      return displaySafe(error.message);
    case 'SeedWithoutFaults':
      return '--seed draws the --faults campaign: give --faults too (or leave --seed out).';
  }
};
