import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { HclError, isRecord, type Block, type HclProblem, type Value } from '@sales-pipeline/terraform-hcl';
import type { InvalidEventPattern, InvalidScheduleExpression } from '@sales-pipeline/local-events';
import { repetitionSuffix, type ModuleInstance, type Repetition, type TerraformWorld } from './terraform-world';

export type DeploymentProblem =
  | { readonly _tag: 'TerraformNotEvaluable'; readonly problem: HclProblem; readonly message: string }
  | { readonly _tag: 'DeploymentIncomplete'; readonly what: string }
  | InvalidEventPattern
  | InvalidScheduleExpression;

export type Found<A> = E.Either<DeploymentProblem, A>;

/** The record a reader finds (its type written once, where the reader builds it). */
export type FoundBy<F> = F extends (...args: never[]) => Found<infer A> ? Readonly<A> : never;

export const incomplete = (what: string): DeploymentProblem => ({ _tag: 'DeploymentIncomplete', what });

/** The HCL library's error as a problem; anything else it throws is a defect, not a problem of the Terraform. */
export const hclProblem = (error: unknown): DeploymentProblem => {
  if (error instanceof HclError) return { _tag: 'TerraformNotEvaluable', problem: error.problem, message: error.message };
  throw error;
};

export const describeDeploymentProblem = (problem: DeploymentProblem): string => {
  switch (problem._tag) {
    case 'TerraformNotEvaluable':
      return `the Terraform cannot be evaluated for the local run: ${problem.message}`;
    case 'DeploymentIncomplete':
      return `the Terraform does not declare what the local run needs: ${problem.what}`;
    case 'InvalidEventPattern':
      return `the rendered event pattern is not valid at ${problem.path}: ${problem.reason}`;
    case 'InvalidScheduleExpression':
      return `the Terraform schedule expression ${problem.expression} cannot run locally: ${problem.reason}`;
  }
};

export const isValueRecord = (value: Value): value is Readonly<Record<string, Value>> => isRecord(value);

/** The first of a nested block's occurrences, as hcl2json gives them (a list of bodies). */
export const firstBlock = (value: unknown): Readonly<Record<string, unknown>> | undefined => {
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return isRecord(first) ? first : undefined;
};

export const asString = (value: Value, what: string): Found<string> => (typeof value === 'string' ? E.right(value) : E.left(incomplete(`${what} is not a string`)));

export const asNumber = (value: Value, what: string): Found<number> => (typeof value === 'number' ? E.right(value) : E.left(incomplete(`${what} is not a number`)));

/** Each entry of a record of values as a string, or the first that is not one. */
export const stringRecord = (value: Value, what: string): Found<Readonly<Record<string, string>>> =>
  pipe(
    Object.entries(isValueRecord(value) ? value : {}),
    E.traverseArray(([key, entry]) =>
      pipe(
        asString(entry, `${what}${key}`),
        E.map((text): readonly [string, string] => [key, text]),
      ),
    ),
    E.map(Object.fromEntries),
  );

export const exactlyOne = <A>(items: readonly A[], problem: string): Found<A> => {
  const [only] = items;
  return items.length === 1 && only !== undefined ? E.right(only) : E.left(incomplete(problem));
};

/** Evaluates in the instance; with a repetition, `each`/`count` stand for that instance of a repeated call or resource. */
export const evaluate = (world: TerraformWorld, instance: ModuleInstance, expression: unknown, repetition?: Repetition): Found<Value> =>
  E.tryCatch(() => world.evaluate(instance, expression, repetition), hclProblem);

/** One instance of a resource block (one per key of its for_each or index below its count) and the module instance declaring it. */
export interface Located {
  readonly instance: ModuleInstance;
  readonly block: Block;
  readonly repetition: Repetition | undefined;
}

export const instancesOf = (world: TerraformWorld): readonly ModuleInstance[] => [world.root, ...Object.values(world.modules)];

/** Every instance of every resource of a type, in whichever module it is declared. */
export const resourcesOfType = (world: TerraformWorld, type: string): Found<readonly Located[]> =>
  pipe(
    instancesOf(world).flatMap((instance) => instance.module.resources.filter((block) => block.type === type).map((block) => ({ instance, block }))),
    E.traverseArray(({ instance, block }) =>
      pipe(
        E.tryCatch(() => world.repetitionsOf(instance, block.address, block.body), hclProblem),
        E.map((repetitions) => repetitions.map((repetition): Located => ({ instance, block, repetition }))),
      ),
    ),
    E.map((located) => located.flat()),
  );

/** The resource's address from the root, as `terraform plan` prints it. */
export const addressOf = ({ instance, block, repetition }: Located): string =>
  `${instance.address === '' ? '' : `${instance.address}.`}${block.address}${repetitionSuffix(repetition)}`;

/** An argument of the resource, evaluated (its `count.index`/`each` are this instance's); `fallback` when it is not set. */
export const argumentOf = (world: TerraformWorld, located: Located, name: string, fallback?: Value): Found<Value> => {
  const expression = located.block.body[name];
  if (expression === undefined)
    return fallback === undefined ? E.left(incomplete(`${addressOf(located)} sets no ${name}`)) : E.right(fallback);
  return evaluate(world, located.instance, expression, located.repetition);
};

export const stringArgument = (world: TerraformWorld, located: Located, name: string, fallback?: string): Found<string> =>
  pipe(
    argumentOf(world, located, name, fallback),
    E.flatMap((value) => asString(value, `${addressOf(located)}.${name}`)),
  );

/** The name, ARN and other attributes the emulation gives the resource (its name argument evaluated). */
export const modelledAttributes = (world: TerraformWorld, located: Located): Found<Readonly<Record<string, string>>> => {
  const nameAttribute = world.nameAttribute(located.block.type);
  if (nameAttribute === undefined) return E.left(incomplete(`the local emulation does not model ${located.block.type} resources (${addressOf(located)})`));
  return pipe(
    stringArgument(world, located, nameAttribute),
    E.flatMap((name) => E.fromNullable(incomplete(`the local emulation does not model ${located.block.type}`))(world.modelled(located.block.type, name))),
  );
};
