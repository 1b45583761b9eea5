import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { StatesError, fieldOf } from './errors';
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
if (!('withResolvers' in Promise)) Object.defineProperty(Promise, 'withResolvers', { value: withResolvers, writable: true, configurable: true });

/** The library's own validation is off: the runner validates the original definition itself, once. */
export const libraryMachine = (definition: Definition): StateMachine =>
  new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });


/** The Step Functions error behind a failed library run (its ExecutionError wraps the state's error as `cause`). */
export const errorOfRun = (caught: unknown): StatesError => {
  if (caught instanceof StatesError) return caught;
  const inner = fieldOf(caught, 'cause') ?? caught;
  if (inner instanceof StatesError) return inner;
  if (caught instanceof Error && caught.name === 'ExecutionTimeoutError') return new StatesError('States.Timeout', 'The execution timed out');
  const name = fieldOf(inner, 'name');
  const message = fieldOf(inner, 'message');
  return new StatesError(typeof name === 'string' ? name : 'States.Runtime', typeof message === 'string' ? message : String(caught), {
    terminal: fieldOf(inner, 'isRetryable') === false,
  });
};

/** Whether every dynamic field (`key.$`) of a payload template, however deep, has a value that passes `test`. */
const everyDynamicField = (template: Json, test: (value: Json) => boolean): boolean =>
  Array.isArray(template)
    ? template.every((value) => everyDynamicField(value, test))
    : typeof template === 'object' && template !== null
      ? Object.entries(template).every(([key, value]) => (key.endsWith('.$') ? test(value) : everyDynamicField(value, test)))
      : true;

export type TemplateEvaluator = (input: Json, context: Record<string, unknown>) => Promise<Json>;

/**
 * A payload template (Parameters, ItemSelector, BatchInput) evaluated with the library's own JSONPath and intrinsic
 * semantics: a one-state Pass machine whose Parameters is the template. Caveat: inside it `$$.Execution.Input` is the
 * template's input, not the execution's.
 */
export const templateEvaluator = (template: JsonObject): TemplateEvaluator => {
  if (everyDynamicField(template, () => false)) return async () => template;
  const machine = libraryMachine({ StartAt: 'Evaluate', States: { Evaluate: { Type: 'Pass', Parameters: template, End: true } } });
  return async (input, context) => {
    try {
      const output: Json = await machine.run(input, { context }).result;
      return output;
    } catch (caught) {
      throw errorOfRun(caught);
    }
  };
};

const PLAIN_PATH = /^\$\$?(\.[A-Za-z_][\w-]*)*$/;

const pathNotFound = (path: string) =>
  new StatesError('States.Runtime', `The JSONPath '${path}' could not be found in the input`, { terminal: true });

const resolvePath = (path: string, input: Json, context: Record<string, unknown>): Json => {
  const [root, ...fields] = path.split('.');
  let value: unknown = root === '$$' ? context : input;
  for (const field of fields) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !(field in value)) throw pathNotFound(path);
    value = Object.getOwnPropertyDescriptor(value, field)?.value;
  }
  // The context object and the input are JSON: what a plain path reaches in them is too.
  return value as Json;
};

const evaluatePlain = (template: Json, input: Json, context: Record<string, unknown>): Json => {
  if (Array.isArray(template)) return template.map((value) => evaluatePlain(value, input, context));
  if (typeof template !== 'object' || template === null) return template;
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$') && typeof value === 'string' ? [key.slice(0, -2), resolvePath(value, input, context)] : [key, evaluatePlain(value, input, context)],
    ),
  );
};

/**
 * A payload template evaluated once per item (ItemSelector, BatchInput): a template whose every dynamic field is a
 * plain dotted reference path (`$.a.b`, `$$.Map.Item.Value`) is resolved directly, as the library would resolve it;
 * anything else (intrinsic functions, filters, brackets) goes through the library's own evaluator.
 */
export const itemTemplateEvaluator = (template: JsonObject): TemplateEvaluator => {
  if (!everyDynamicField(template, (value) => typeof value === 'string' && PLAIN_PATH.test(value))) return templateEvaluator(template);
  return async (input, context) => evaluatePlain(template, input, context);
};
