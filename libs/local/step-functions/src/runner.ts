// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- asl-validator ships no types; consumers compiling this file need its declaration
/// <reference path="./asl-validator.d.ts" />
import { randomUUID } from 'node:crypto';
import aslValidator = require('asl-validator');
import { allStates, duplicateStateNames, isDistributedMap, unsupportedConstructs, type Definition, type Json } from './asl';
import { type Counters, snapshot } from './counters';
import { checkDistributedMap, type ChildOutcome } from './distributed-map';
import { LocalRunnerConfigError } from './errors';
import { runExecution } from './execution';
import { createRunnerContext, executionArnOf, type RunnerContext, type StateMachineRunnerOptions } from './runner-context';
import { destroyClients, handlerFor } from './services';

export type { StateMachineRunnerOptions } from './runner-context';

export interface ExecutionResult extends ChildOutcome {
  /** What this execution did, its distributed Map children included. */
  readonly counters: Counters;
}

const validationErrors = (definition: Definition): string[] => {
  const { isValid, errorsText } = aslValidator(structuredClone(definition));
  return isValid ? [] : [errorsText('\n')];
};

const coverageOf = ({ stateNames: states, totals }: RunnerContext) => ({
  /** Every state of the definition, distributed Map processors included. */
  states,
  entered: { ...totals.statesEntered },
  notEntered: states.filter((state) => !totals.statesEntered[state]),
  retried: { ...totals.retriesByState },
  caught: { ...totals.caughtByState },
});

/** Checks the whole definition up front: anything the local runner cannot run faithfully is refused loudly. */
const checkDefinition = (definition: Definition): void => {
  const problems = [
    ...validationErrors(definition).map((text) => `invalid ASL: ${text}`),
    ...duplicateStateNames(definition).map((name) => `state name ${name} is used more than once`),
    ...unsupportedConstructs(definition).map((what) => `unsupported: ${what}`),
    ...allStates(definition)
      .filter(({ state }) => state.Type === 'Task' && !handlerFor(String(state.Resource)))
      .map(({ path, state }) => `Task ${path} has Resource ${state.Resource}, which the local runner cannot dispatch`),
  ];
  if (problems.length > 0) throw new LocalRunnerConfigError(`the state machine cannot run locally:\n- ${problems.join('\n- ')}`);
  for (const { name, state } of allStates(definition)) if (isDistributedMap(state)) checkDistributedMap(name, state);
};

export const createStateMachineRunner = (options: StateMachineRunnerOptions) => {
  checkDefinition(options.definition);
  const runner = createRunnerContext(options);
  return {
    stateMachineArn: runner.stateMachineArn,
    executionArn: (name: string): string => executionArnOf(runner, name),
    startExecution: async (input: Json, startOptions: { readonly name?: string } = {}): Promise<ExecutionResult> => {
      const name = startOptions.name ?? randomUUID();
      const outcome = await runExecution(runner, runner.definition, input, { executionArn: executionArnOf(runner, name), name, kind: runner.type }, [runner.totals]);
      return { ...outcome, counters: snapshot(outcome.counters) };
    },
    /** Totals over every execution this runner ran. */
    counters: (): Counters => snapshot(runner.totals),
    coverage: () => coverageOf(runner),
    onEvent: runner.events.on,
    /**
     * Stops every execution running (StopExecution, as a drain): distributed Maps start no further child, the running
     * children finish, and each execution fails with the terminal States.Aborted. Executions started later run as usual.
     */
    abortRunning: (): void => {
      runner.aborts.generation += 1;
    },
    injectFault: runner.faults.add,
    clearFaults: runner.faults.clear,
    /** Releases the SDK clients (the functions belong to the caller). */
    close: (): void => destroyClients(runner.clients),
  };
};

export type StateMachineRunner = Readonly<ReturnType<typeof createStateMachineRunner>>;
