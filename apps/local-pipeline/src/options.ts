import { parseArgs } from 'node:util';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

export type RunMode =
  | { readonly _tag: 'Schedule'; readonly ticks: number | undefined; readonly everyMs: number | undefined }
  | { readonly _tag: 'Upload'; readonly file: string };

export interface Options {
  readonly mode: RunMode;
  readonly json: boolean;
}

export type OptionsError =
  | { readonly _tag: 'HelpRequested' }
  | { readonly _tag: 'UnknownOption'; readonly message: string }
  | { readonly _tag: 'InvalidValue'; readonly option: string; readonly value: string; readonly expected: string }
  | { readonly _tag: 'ConflictingOptions'; readonly options: readonly string[] };

export const usage = `Usage: npm start -- [options]

Runs the whole sales-pipeline on this machine (AWS-API emulators on 127.0.0.1, the packaged Lambda zips, the
Terraform templates rendered for the workspace "local") until Ctrl-C, then drains and prints a summary.

Options:
  --ticks <n>        stop after n generator runs, wait for everything they started, print the summary, exit
  --every <duration> local tick interval, e.g. 2s, 500ms, 1m (default: the Terraform schedule expression)
  --upload <file>    put one order file into incoming/ under its own name, wait for its execution, print the
                     summary and exit (the generator does not run)
  --json             print the summary as one JSON object on the last line of stdout
  --help             show this help
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
            upload: { type: 'string' },
            json: { type: 'boolean', default: false },
            help: { type: 'boolean', default: false },
          },
        }).values,
      (error): OptionsError => ({ _tag: 'UnknownOption', message: (error as Error).message }),
    ),
    E.flatMap((values) => (values.help ? E.left<OptionsError>({ _tag: 'HelpRequested' }) : E.right(values))),
    E.flatMap((values) => {
      if (values.upload !== undefined) {
        const conflicting = (['ticks', 'every'] as const).filter((name) => values[name] !== undefined);
        return conflicting.length > 0
          ? E.left<OptionsError>({ _tag: 'ConflictingOptions', options: ['--upload', ...conflicting.map((n) => `--${n}`)] })
          : values.upload === ''
            ? E.left<OptionsError>({ _tag: 'InvalidValue', option: '--upload', value: '', expected: 'a file path' })
            : E.right<OptionsError, Options>({ mode: { _tag: 'Upload', file: values.upload }, json: values.json ?? false });
      }
      return pipe(
        E.Do,
        E.bind('ticks', () => optional(values.ticks, (text) => parsePositiveInteger('--ticks', text))),
        E.bind('everyMs', () => optional(values.every, parseDuration)),
        E.map(({ ticks, everyMs }): Options => ({ mode: { _tag: 'Schedule', ticks, everyMs }, json: values.json ?? false })),
      );
    }),
  );

export const describeOptionsError = (error: OptionsError): string => {
  switch (error._tag) {
    case 'HelpRequested':
      return usage;
    case 'UnknownOption':
      return `${error.message}\n\n${usage}`;
    case 'InvalidValue':
      return `${error.option}: "${error.value}" is not ${error.expected}.`;
    case 'ConflictingOptions':
      return `${error.options.join(' and ')} cannot be used together: --upload runs one file and exits.`;
  }
};
