import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { StatesError } from './errors';
import type { Definition, Json, JsonObject } from './asl';

// aws-local-stepfunctions@3 uses Promise.withResolvers (Node 22); the Lambda runtime is Node 22, this machine Node 20.
const withResolvers = <T>() => {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const promiseStatics = Promise as unknown as { withResolvers?: typeof withResolvers };
promiseStatics.withResolvers ??= withResolvers;

export { StateMachine };

/** The library's own validation is off: the runner validates the original definition itself, once. */
export const libraryMachine = (definition: Definition): StateMachine =>
  new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });

interface LibraryRuntimeError {
  readonly name?: string;
  readonly message?: string;
  readonly isRetryable?: boolean;
}

/** The Step Functions error behind a failed library run (its ExecutionError wraps the state's error as `cause`). */
export const errorOfRun = (caught: unknown): StatesError => {
  if (caught instanceof StatesError) return caught;
  const inner = ((caught as { cause?: unknown })?.cause ?? caught) as LibraryRuntimeError;
  if (inner instanceof StatesError) return inner;
  if ((caught as Error)?.name === 'ExecutionTimeoutError') return new StatesError('States.Timeout', 'The execution timed out');
  return new StatesError(inner?.name ?? 'States.Runtime', inner?.message ?? String(caught), { terminal: inner?.isRetryable === false });
};

const hasDynamicField = (template: Json): boolean =>
  Array.isArray(template)
    ? template.some(hasDynamicField)
    : typeof template === 'object' && template !== null
      ? Object.entries(template).some(([key, value]) => key.endsWith('.$') || hasDynamicField(value))
      : false;

export type TemplateEvaluator = (input: Json, context: Record<string, unknown>) => Promise<Json>;

/**
 * A payload template (Parameters, ItemSelector, BatchInput) evaluated with the library's own JSONPath and intrinsic
 * semantics: a one-state Pass machine whose Parameters is the template. Caveat: inside it `$$.Execution.Input` is the
 * template's input, not the execution's.
 */
export const templateEvaluator = (template: JsonObject): TemplateEvaluator => {
  if (!hasDynamicField(template)) return async () => template;
  const machine = libraryMachine({ StartAt: 'Evaluate', States: { Evaluate: { Type: 'Pass', Parameters: template, End: true } } });
  return async (input, context) => {
    try {
      return (await machine.run(input, { context }).result) as Json;
    } catch (caught) {
      throw errorOfRun(caught);
    }
  };
};
