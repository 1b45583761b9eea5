import type { ReportError, Rows } from '@sales-pipeline/analytics-zone';
import type * as TE from 'fp-ts/TaskEither';

/**
 * The port every engine implements: run one SQL text whose `?` placeholders take `parameters` in order (text values,
 * compared as text: the reports' parameters are dates `YYYY-MM-DD` and product names).
 */
export interface QueryEngine {
  readonly name: 'duckdb' | 'athena';
  readonly query: (sql: string, parameters: readonly string[]) => TE.TaskEither<ReportError, Rows>;
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
