import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { isRecord, parseTraversal, type Value } from '@sales-pipeline/terraform-hcl';
import { asString, evaluate, hclProblem, type Found } from './reading';
import { repetitionReference, wholeInterpolation, type LoadedTemplate, type ModuleInstance, type Repetition, type TerraformWorld } from './terraform-world';

export interface RenderedTemplate {
  /** The template file, when the text was rendered by a templatefile call (undefined for a literal or a plain expression). */
  readonly templatePath: string | undefined;
  /** What the templatefile call passes, evaluated for the workspace (name -> value). */
  readonly variables: Readonly<Record<string, Value>>;
  readonly text: string;
}

/** Renders a templatefile call with its variables evaluated where it is written (`each`/`count` of the repetition). */
export const render = (world: TerraformWorld, instance: ModuleInstance, loaded: LoadedTemplate, repetition?: Repetition): Found<RenderedTemplate> =>
  E.tryCatch(() => world.render(instance, loaded, repetition), hclProblem);

/** The raw expression a `local.x…` path names, walked through literal maps and lists (undefined when it is computed). */
const literalLocal = (instance: ModuleInstance, reference: string): unknown => {
  const [root, name, ...path] = parseTraversal(reference) ?? [];
  if (root !== 'local' || typeof name !== 'string') return undefined;
  return path.reduce<unknown>((raw, segment) => {
    if (Array.isArray(raw) && typeof segment === 'number') return raw[segment];
    if (isRecord(raw) && typeof segment === 'string' && Object.prototype.hasOwnProperty.call(raw, segment)) return raw[segment];
    return undefined;
  }, instance.module.locals[name]);
};

/** Where an expression written in a module instance stands for another one: a variable its caller passes, `each.value…`, a literal local. */
const followed = (instance: ModuleInstance, inner: string, repetition: Repetition | undefined) => {
  const variable = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(inner)?.[1];
  const passed = variable === undefined ? undefined : instance.call?.arguments[variable];
  if (instance.parent !== undefined && passed !== undefined) return { instance: instance.parent, expression: passed, repetition: instance.repetition };
  const repeated = repetitionReference(repetition, inner);
  if (repeated !== undefined && 'expression' in repeated) return { instance, expression: `\${${repeated.expression}}`, repetition: undefined };
  const local = literalLocal(instance, inner);
  return typeof local === 'string' ? { instance, expression: local, repetition: undefined } : undefined;
};

/**
 * The text of an attribute such as a definition or an event pattern, with the templatefile call that rendered it:
 * followed through `var.x` into the module call that passes it (and `each.value.x` into its for_each), and through
 * literal locals, up to the templatefile call; any other expression is evaluated as it is.
 */
export const templateOf = (world: TerraformWorld, instance: ModuleInstance, expression: unknown, what: string, repetition?: Repetition): Found<RenderedTemplate> => {
  const inner = wholeInterpolation(expression);
  const next = inner === undefined ? undefined : followed(instance, inner, repetition);
  if (next !== undefined) return templateOf(world, next.instance, next.expression, what, next.repetition);
  const call = inner?.startsWith('templatefile(') ? world.templatesOf(instance.module).find((found) => found.call.expression.trim() === inner) : undefined;
  if (call !== undefined) return render(world, instance, call, repetition);
  return pipe(
    evaluate(world, instance, expression, repetition),
    E.flatMap((value) => asString(value, what)),
    E.map((text): RenderedTemplate => ({ templatePath: undefined, variables: {}, text })),
  );
};
