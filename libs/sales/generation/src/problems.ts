import * as t from 'io-ts';

/** One thing wrong with an input: the field (or environment variable) and what it must be. */
export type Problem = { readonly field: string; readonly message: string };

export const problemsOf = (errors: t.Errors, whole: string): Problem[] =>
  errors.map((error) => ({
    field:
      error.context
        .map((entry) => entry.key)
        .filter((key) => key !== '')
        .join('.') || whole,
    message: error.message ?? 'is invalid',
  }));

export const formatProblems = (problems: readonly Problem[]): string =>
  problems.map(({ field, message }) => `${field}: ${message}`).join('; ');
