import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import * as E from 'fp-ts/Either';
import { athenaEngine, executionParameter } from './athena-engine';

/**
 * Athena cannot run here (no AWS account, no emulator): this stub answers the three calls with the shapes of Athena's
 * API reference (a header row first, pages linked by NextToken, every value as VarCharValue). It checks the engine's
 * side of the contract only, not Athena's behaviour.
 */
const stubAthena = (states: string[], pages: GetQueryResultsCommandOutput[]) => {
  const sent: unknown[] = [];
  const send = jest.fn(async (command: unknown) => {
    sent.push(command);
    if (command instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q-1' };
    if (command instanceof GetQueryExecutionCommand)
      return { QueryExecution: { Status: { State: states.shift(), StateChangeReason: 'COLUMN_NOT_FOUND: line 1:8: Column x cannot be resolved' } } };
    if (command instanceof GetQueryResultsCommand) return pages[command.input.NextToken === undefined ? 0 : Number(command.input.NextToken)];
    throw new Error('unexpected command');
  });
  return { client: { send } as never, sent };
};

const metadata = {
  ColumnInfo: [
    { Name: 'sale_date', Type: 'varchar' },
    { Name: 'orders', Type: 'bigint' },
    { Name: 'revenue', Type: 'double' },
    { Name: 'alerted', Type: 'boolean' },
  ],
};
const page = (rows: (string | undefined)[][], nextToken?: string) =>
  ({ ResultSet: { ResultSetMetadata: metadata, Rows: rows.map((row) => ({ Data: row.map((value) => ({ VarCharValue: value })) })) }, NextToken: nextToken, $metadata: {} }) as GetQueryResultsCommandOutput;

const settings = { workgroup: 'wg', database: 'db', pollMilliseconds: 1, timeoutMilliseconds: 1000 };

describe('athenaEngine (against a stub of the API shape)', () => {
  it('starts the query with quoted execution parameters, waits, reads every page and types the values', async () => {
    const { client, sent } = stubAthena(
      ['QUEUED', 'RUNNING', 'SUCCEEDED'],
      [page([['sale_date', 'orders', 'revenue', 'alerted'], ['2024-05-01', '3', '705.25', 'true']], '1'), page([['2024-05-02', '2', '1849.99', undefined]])],
    );
    const result = await athenaEngine(client, settings).query('SELECT … WHERE sale_date BETWEEN ? AND ?', ['2024-05-01', "O'Brien"])();
    expect(result).toEqual(
      E.right({
        columns: ['sale_date', 'orders', 'revenue', 'alerted'],
        rows: [
          ['2024-05-01', 3, 705.25, true],
          ['2024-05-02', 2, 1849.99, null],
        ],
      }),
    );
    expect((sent[0] as StartQueryExecutionCommand).input).toEqual({
      QueryString: 'SELECT … WHERE sale_date BETWEEN ? AND ?',
      WorkGroup: 'wg',
      QueryExecutionContext: { Database: 'db' },
      ExecutionParameters: ["'2024-05-01'", "'O''Brien'"],
    });
  });

  it("gives Athena's reason when the query fails", async () => {
    const { client } = stubAthena(['RUNNING', 'FAILED'], []);
    const result = await athenaEngine(client, settings).query('SELECT x', [])();
    expect(result).toEqual(E.left({ _tag: 'QueryFailed', message: expect.stringContaining('FAILED: COLUMN_NOT_FOUND') }));
  });

  it('quotes a parameter as a SQL literal', () => {
    expect(executionParameter("it's")).toBe("'it''s'");
  });
});
