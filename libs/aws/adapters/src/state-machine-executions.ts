import {
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import * as TE from 'fp-ts/TaskEither';
import { awsCallFailed, type AwsCallFailed } from './aws-error';

export interface ExecutionSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

export interface StateMachineExecutions {
  readonly start: (input: unknown) => TE.TaskEither<AwsCallFailed, { readonly executionArn: string }>;
  readonly redrive: (executionArn: string) => TE.TaskEither<AwsCallFailed, { readonly executionArn: string }>;
  readonly listFailed: () => TE.TaskEither<AwsCallFailed, readonly ExecutionSummary[]>;
}

/** The executions of one Standard state machine through the Step Functions API. */
export const stepFunctionsExecutions = (client: SFNClient, stateMachineArn: string): StateMachineExecutions => ({
  start: (input) =>
    TE.tryCatch(async () => {
      const started = await client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
      return { executionArn: started.executionArn ?? '' };
    }, awsCallFailed('StartExecution', stateMachineArn)),
  redrive: (executionArn) =>
    TE.tryCatch(async () => {
      await client.send(new RedriveExecutionCommand({ executionArn }));
      return { executionArn };
    }, awsCallFailed('RedriveExecution', executionArn)),
  listFailed: () =>
    TE.tryCatch(async () => {
      const executions: ExecutionSummary[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED', nextToken }));
        for (const execution of page.executions ?? []) {
          executions.push({
            executionArn: execution.executionArn ?? '',
            name: execution.name ?? '',
            status: execution.status ?? 'FAILED',
            startDate: execution.startDate ?? new Date(0),
            ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
          });
        }
        nextToken = page.nextToken;
      } while (nextToken);
      return executions;
    }, awsCallFailed('ListExecutions', stateMachineArn)),
});

/** The ARN of the state machine of this name (`StateMachineDoesNotExist` when there is none). */
export const stateMachineArnOf = (client: SFNClient, name: string): TE.TaskEither<AwsCallFailed, string> =>
  TE.tryCatch(async () => {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListStateMachinesCommand({ nextToken }));
      const found = page.stateMachines?.find((machine) => machine.name === name);
      if (found?.stateMachineArn) return found.stateMachineArn;
      nextToken = page.nextToken;
    } while (nextToken);
    throw Object.assign(new Error(`no state machine named ${name}`), { name: 'StateMachineDoesNotExist' });
  }, awsCallFailed('ListStateMachines', name));
