import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import {
  evaluate,
  HclError,
  loadModule,
  parseTraversal,
  readTemplate,
  renderTemplate,
  templatefileCalls,
  templateParts,
  workspaceVariables,
  type Block,
  type ModuleCall,
  type Scope,
  type TemplatefileCall,
  type TfModule,
  type Value,
} from '@sales-pipeline/terraform-hcl';

/**
 * The Terraform configuration as one workspace would plan it, evaluated lazily: the root module and every local
 * module it calls, each with its variables (inputs evaluated in the caller, defaults otherwise), resource attributes
 * mapped to what the local emulation gives them (names, ARNs and AWS-shaped queue URLs built from the evaluated names), `module.<name>.<output>` across modules, `tostring`/simple conditionals, `jsondecode(file(...))`, and a `templatefile` call
 * that is a whole expression (a template rendered into another one). Whatever else an
 * expression needs is refused with an HclError naming it: never guessed.
 */

export interface WorldSettings {
  readonly workspace: string;
  readonly account: string;
  readonly partition: string;
}

export interface ModuleInstance {
  /** The instance whose module block this is (undefined for the root). */
  readonly parent: ModuleInstance | undefined;
  readonly module: TfModule;
  readonly scope: Scope;
  /** The module block that calls it (undefined for the root). */
  readonly call: ModuleCall | undefined;
  /** Its key when the call has `for_each` (each.key) or `count` (count.index). */
  readonly repetition: Repetition | undefined;
  /**
   * Its address as `terraform plan` prints it, e.g. `module.order_pipeline.module.state_machine_entry["standard"]`
   * (empty for the root), and its key in TerraformWorld.modules.
   */
  readonly address: string;
}

/** One instance of a module call with `for_each` (the key, and the for_each expression) or `count` (the index). */
export type Repetition =
  | { readonly kind: 'for_each'; readonly key: string; readonly forEach: string }
  | { readonly kind: 'count'; readonly index: number };

/** The `[...]` that follows a repeated call's name in its address and in `module.<name>[...]`. */
export const repetitionSuffix = (repetition: Repetition | undefined): string =>
  repetition === undefined ? '' : repetition.kind === 'count' ? `[${repetition.index}]` : `[${JSON.stringify(repetition.key)}]`;

/** What `each.key`, `each.value…` or `count.index` stands for in the arguments of a repeated call (undefined for other expressions). */
export const repetitionReference = (repetition: Repetition | undefined, expression: string): { readonly value: Value } | { readonly expression: string } | undefined => {
  const segments = parseTraversal(expression.trim());
  if (repetition === undefined || segments === undefined) return undefined;
  const [root, field, ...rest] = segments;
  if (repetition.kind === 'count') return root === 'count' && field === 'index' && rest.length === 0 ? { value: repetition.index } : undefined;
  if (root !== 'each') return undefined;
  if (field === 'key' && rest.length === 0) return { value: repetition.key };
  if (field !== 'value') return undefined;
  const path = [repetition.key, ...rest].map((segment) => (typeof segment === 'number' ? `[${segment}]` : `[${JSON.stringify(segment)}]`)).join('');
  return { expression: `${repetition.forEach}${path}` };
};

type Kind = { readonly nameAttribute: string; readonly attributes: (name: string, at: ArnContext) => Readonly<Record<string, string>> };

/** An SQS queue URL as AWS forms it; the emulator reaches a queue by the last path segment of any URL. */
const awsQueueUrl = (name: string, at: ArnContext): string => `https://sqs.${at.region}.amazonaws.com/${at.account}/${name}`;

const arn = (at: ArnContext, service: string, resource: string): string => `arn:${at.partition}:${service}:${at.region}:${at.account}:${resource}`;

/** A kind whose attributes are its name, its id (the name, or the ARN for the services that use it as id) and its ARN. */
const kind = (nameAttribute: string, arnOf: (name: string, at: ArnContext) => string, idIsArn = false): Kind => ({
  nameAttribute,
  attributes: (name, at) => ({ [nameAttribute]: name, id: idIsArn ? arnOf(name, at) : name, arn: arnOf(name, at) }),
});

/** The attribute that names a resource of each type, and how its ARN and other attributes are formed. */
const resourceKinds: Readonly<Record<string, Kind>> = {
  aws_s3_bucket: kind('bucket', (name, at) => `arn:${at.partition}:s3:::${name}`),
  aws_dynamodb_table: kind('name', (name, at) => arn(at, 'dynamodb', `table/${name}`)),
  aws_sqs_queue: { nameAttribute: 'name', attributes: (name, at) => ({ name, url: awsQueueUrl(name, at), id: awsQueueUrl(name, at), arn: arn(at, 'sqs', name) }) },
  aws_sns_topic: kind('name', (name, at) => arn(at, 'sns', name), true),
  aws_lambda_function: kind('function_name', (name, at) => arn(at, 'lambda', `function:${name}`)),
  aws_sfn_state_machine: kind('name', (name, at) => arn(at, 'states', `stateMachine:${name}`), true),
  aws_cloudwatch_event_rule: kind('name', (name, at) => arn(at, 'events', `rule/${name}`)),
  aws_scheduler_schedule: { nameAttribute: 'name', attributes: (name, at) => ({ name, id: `default/${name}`, arn: arn(at, 'scheduler', `schedule/default/${name}`) }) },
  aws_iam_role: kind('name', (name, at) => `arn:${at.partition}:iam::${at.account}:role/${name}`),
  aws_cloudwatch_log_group: kind('name', (name, at) => arn(at, 'logs', `log-group:${name}`)),
};

interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The address of an instance of a module the caller calls. */
const addressBelow = (caller: ModuleInstance, call: string, repetition: Repetition | undefined): string =>
  `${caller.address === '' ? '' : `${caller.address}.`}module.${call}${repetitionSuffix(repetition)}`;

const isRepeated = (call: ModuleCall): boolean => call.metaArguments['for_each'] !== undefined || call.metaArguments['count'] !== undefined;

/** The expression inside a string that is one `${...}` and nothing else. */
export const wholeInterpolation = (expression: unknown): string | undefined => {
  if (typeof expression !== 'string') return undefined;
  const parts = templateParts(expression);
  const [only] = parts;
  return parts.length === 1 && only?.kind === 'interpolation' ? only.expression.trim() : undefined;
};

const unsupported = (expression: string, reason: string): never => {
  throw new HclError({ _tag: 'ExpressionUnsupported', expression, reason });
};

/** Defines each name as a getter evaluated once on first use, so that modules may refer to each other's outputs. */
const lazyRecord = (names: readonly string[], compute: (name: string) => Value): Readonly<Record<string, Value>> => {
  const record: Record<string, Value> = {};
  const cache = new Map<string, { readonly value: Value }>();
  const evaluating = new Set<string>();
  for (const name of names)
    Object.defineProperty(record, name, {
      enumerable: true,
      get: () => {
        const cached = cache.get(name);
        if (cached) return cached.value;
        if (evaluating.has(name)) throw new HclError({ _tag: 'ReferenceCycle', chain: [...evaluating, name] });
        evaluating.add(name);
        try {
          const value = compute(name);
          cache.set(name, { value });
          return value;
        } finally {
          evaluating.delete(name);
        }
      },
    });
  return record;
};

/** One templatefile call of a loaded module, with its template's text. */
export interface LoadedTemplate {
  readonly call: TemplatefileCall;
  readonly text: string;
}

/** What resolving an expression reads: the settings, the data sources, and the registries the loader fills. */
interface WorldContext {
  readonly settings: WorldSettings;
  readonly rootDir: string;
  readonly at: ArnContext;
  readonly data: Readonly<Record<string, Value>>;
  /** Every module instance by its address, filled as the modules load. */
  readonly instances: Record<string, ModuleInstance>;
  /** Each loaded module's templatefile calls, by module directory. */
  readonly templates: Map<string, readonly LoadedTemplate[]>;
}

const evaluateIn = (instance: ModuleInstance, expression: unknown): Value => evaluate(expression, instance.scope);

/** `<type>.<name>.<attribute>` of a resource the instance declares: an argument as written, or what the emulation models. */
const resolveResource = (context: WorldContext, instance: ModuleInstance, expression: string): Value | undefined => {
  const [type, name, attribute, ...rest] = parseTraversal(expression)?.map(String) ?? [];
  if (type === undefined || name === undefined || attribute === undefined || rest.length > 0) return undefined;
  const kind = resourceKinds[type];
  const block = instance.module.resources.find((resource: Block) => resource.type === type && resource.name === name);
  if (block === undefined) return undefined;
  // An argument the configuration sets is known as written; computed attributes come from the emulation's model.
  const configured = block.body[attribute];
  if (configured !== undefined && !Array.isArray(configured)) return evaluateIn(instance, configured);
  if (kind === undefined) return unsupported(expression, `the local emulation does not model ${type} resources`);
  const resourceName = evaluateIn(instance, block.body[kind.nameAttribute]);
  if (typeof resourceName !== 'string') return unsupported(expression, `${type}.${name}.${kind.nameAttribute} is not a string`);
  const value = kind.attributes(resourceName, context.at)[attribute];
  return value ?? unsupported(expression, `the local emulation has no ${attribute} for ${type}`);
};

/** `module.<name>[key].<output>…` of a module the caller calls. */
const resolveModuleOutput = (context: WorldContext, caller: ModuleInstance, expression: string): Value | undefined => {
  const segments = parseTraversal(expression);
  if (segments === undefined || segments[0] !== 'module' || segments.length < 3) return undefined;
  const call = caller.module.modules[String(segments[1])];
  const repeated = call !== undefined && isRepeated(call);
  const key = segments[2];
  const repetition: Repetition | undefined = !repeated ? undefined : typeof key === 'number' ? { kind: 'count', index: key } : { kind: 'for_each', key: String(key), forEach: '' };
  const instance = context.instances[addressBelow(caller, String(segments[1]), repetition)];
  const output = instance?.module.outputs[String(segments[repeated ? 3 : 2])];
  if (instance === undefined || output === undefined) return unsupported(expression, repeated && segments.length < 4 ? 'a repeated module as a whole' : 'no such module output');
  return segments.slice(repeated ? 4 : 3).reduce<Value>((current, segment) => {
    const next = Array.isArray(current) ? current[Number(segment)] : current !== null && typeof current === 'object' ? (current as Record<string, Value>)[segment] : undefined;
    return next === undefined ? unsupported(expression, `it has no element ${segment}`) : next;
  }, evaluateIn(instance, output.value));
};

/** A templatefile call rendered with its variables evaluated in the scope: the template, what it is given, the text. */
const renderCall = ({ call, text }: LoadedTemplate, scope: Scope) => {
  const variables: Readonly<Record<string, Value>> = Object.fromEntries(Object.entries(call.variables).map(([name, value]) => [name, evaluate(value, scope)]));
  return { templatePath: call.templatePath, variables, text: renderTemplate(text, variables) };
};

/** A `templatefile(...)` that is the whole expression: rendered with its variables evaluated in the scope. */
const resolveTemplatefile = (context: WorldContext, instance: ModuleInstance, scope: Scope, expression: string): Value | undefined => {
  if (!expression.trim().startsWith('templatefile(')) return undefined;
  const call = context.templates.get(instance.module.dir)?.find((found) => found.call.expression === expression);
  return call === undefined ? unsupported(expression, 'a templatefile call inside a larger expression') : renderCall(call, scope).text;
};

/** `jsondecode(file("<path>"))`: a JSON file of the configuration (a module's contract), read as Terraform reads it. */
const resolveJsonFile = (scope: Scope, expression: string): Value | undefined => {
  const call = /^jsondecode\(\s*file\(\s*"((?:[^"\\]|\\.)*)"\s*\)\s*\)$/s.exec(expression.trim());
  if (!call) return undefined;
  const path = evaluate(call[1] ?? '', scope);
  if (typeof path !== 'string') return unsupported(expression, 'the path is not a string');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Value;
  } catch (error) {
    return unsupported(expression, `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

/** A list or object literal written as JSON also is (`["a", "b"]`, as a for_each's `toset` is often given). */
const resolveJsonLiteral = (expression: string): Value | undefined => {
  const text = expression.trim();
  if (!/^[[{]/.test(text)) return undefined;
  const parsed = E.tryCatch(() => JSON.parse(text) as Value, () => undefined);
  return E.isRight(parsed) ? parsed.right : undefined;
};

const resolveConversion = (scope: Scope, expression: string): Value | undefined => {
  const call = /^(tostring|tonumber|toset)\((.*)\)$/s.exec(expression.trim());
  if (!call) return undefined;
  const value = evaluate(`\${${call[2]}}`, scope);
  if (call[1] === 'toset')
    return Array.isArray(value) && value.every((element) => typeof element === 'string') ? [...new Set(value)].sort() : unsupported(expression, 'not a list of strings');
  if (call[1] === 'tostring') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : unsupported(expression, 'not a primitive');
  const number = Number(value);
  return Number.isFinite(number) ? number : unsupported(expression, 'not a number');
};

/** A literal (null, a bool, a whole number, a quoted string) or a reference evaluated in the scope. */
const operand = (scope: Scope, text: string): Value => {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text.startsWith('"') ? text.slice(1, -1) : evaluate(`\${${text}}`, scope);
};

const resolveComparison = (scope: Scope, expression: string): Value | undefined => {
  const comparison = /^([\w.[\]"-]+)\s*(==|!=)\s*(null|true|false|-?\d+|"[^"]*"|[\w.]+)$/s.exec(expression.trim());
  if (!comparison) return undefined;
  const equal = JSON.stringify(evaluate(`\${${comparison[1] ?? ''}}`, scope)) === JSON.stringify(operand(scope, comparison[3] ?? ''));
  return comparison[2] === '==' ? equal : !equal;
};

const resolveConditional = (scope: Scope, expression: string): Value | undefined => {
  const conditional = /^([^?:"]+?)\s*\?\s*("[^"]*"|[\w.]+)\s*:\s*("[^"]*"|[\w.]+)$/s.exec(expression.trim());
  if (!conditional) return undefined;
  const condition = evaluate(`\${${conditional[1]}}`, scope);
  if (typeof condition !== 'boolean') return unsupported(expression, 'the condition is not a bool');
  // The pattern's groups 2 and 3 always take part in a match.
  return operand(scope, (condition ? conditional[2] : conditional[3]) ?? '');
};

/** What the HCL evaluator delegates in an instance: module outputs, resource attributes, the functions the emulation knows. */
const resolverOf =
  (context: WorldContext, instance: () => ModuleInstance, scope: () => Scope) =>
  (expression: string): Value | undefined =>
    resolveModuleOutput(context, instance(), expression) ??
    resolveResource(context, instance(), expression) ??
    resolveTemplatefile(context, instance(), scope(), expression) ??
    resolveJsonFile(scope(), expression) ??
    resolveConversion(scope(), expression) ??
    resolveJsonLiteral(expression) ??
    resolveComparison(scope(), expression) ??
    resolveConditional(scope(), expression);

const scopeFor = (context: WorldContext, instance: () => ModuleInstance, module: TfModule, variables: Readonly<Record<string, Value>>): Scope => {
  const scope: Scope = {
    variables,
    locals: module.locals,
    workspace: context.settings.workspace,
    data: context.data,
    path: { module: module.dir, root: context.rootDir, cwd: process.cwd() },
    resolve: resolverOf(context, instance, () => scope),
  };
  return scope;
};

/** The caller's scope, where `each`/`count` stand for one instance of a repeated call or resource. */
const argumentScope = (context: WorldContext, caller: ModuleInstance, repetition: Repetition | undefined): Scope => {
  if (repetition === undefined) return caller.scope;
  const resolveOther = resolverOf(context, () => caller, () => scope);
  const scope: Scope = {
    ...caller.scope,
    resolve: (expression) => {
      const reference = repetitionReference(repetition, expression);
      if (reference === undefined) return resolveOther(expression);
      return 'value' in reference ? reference.value : evaluate(`\${${reference.expression}}`, caller.scope);
    },
  };
  return scope;
};

/** The keys of a for_each: a local's literal map gives them without evaluating its values; otherwise a map's keys or a set of strings. */
const forEachKeys = (caller: ModuleInstance, label: string, forEach: unknown, inner: string): readonly string[] => {
  const local = /^local\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(inner)?.[1];
  const literal: unknown = local === undefined ? undefined : caller.module.locals[local];
  if (literal !== null && typeof literal === 'object' && !Array.isArray(literal)) return Object.keys(literal);
  const value = evaluateIn(caller, forEach);
  if (Array.isArray(value) && value.every((key): key is string => typeof key === 'string')) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.keys(value);
  return unsupported(`${label}.for_each`, 'neither a map nor a set of strings');
};

/**
 * The instances of a call or resource: one, or one per key of `for_each` (a map, or a set of strings) or per index
 * below `count`. Only the keys are evaluated here; each.value is evaluated when an argument reads it.
 */
const repetitionsOf = (caller: ModuleInstance, label: string, metaArguments: Readonly<Record<string, unknown>>): readonly (Repetition | undefined)[] => {
  const { for_each: forEach, count } = metaArguments;
  if (count !== undefined) {
    const value = evaluateIn(caller, count);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0
      ? Array.from({ length: value }, (_, index): Repetition => ({ kind: 'count', index }))
      : unsupported(`${label}.count`, 'not a whole number');
  }
  if (forEach === undefined) return [undefined];
  const inner = wholeInterpolation(forEach) ?? unsupported(`${label}.for_each`, 'not a single expression');
  return forEachKeys(caller, label, forEach, inner).map((key): Repetition => ({ kind: 'for_each', key, forEach: inner }));
};

const loadTemplates = async (context: WorldContext, module: TfModule): Promise<void> => {
  const calls = await templatefileCalls(module);
  context.templates.set(module.dir, await Promise.all(calls.map(async (call) => ({ call, text: await readTemplate(call) }))));
};

/** One instance of a module call: its variables evaluated lazily in the caller (with its each/count), defaults otherwise. */
const instanceOf = (context: WorldContext, caller: ModuleInstance, call: ModuleCall, module: TfModule, repetition: Repetition | undefined): ModuleInstance => {
  const inputs = Object.keys(call.arguments);
  const names = Object.keys(module.variables).filter((name) => inputs.includes(name) || module.variables[name]?.hasDefault);
  const scope = argumentScope(context, caller, repetition);
  const variables = lazyRecord(names, (name) =>
    inputs.includes(name) ? evaluate(call.arguments[name], scope) : evaluate(module.variables[name]?.default, { variables: {}, locals: {}, workspace: context.settings.workspace }),
  );
  const address = addressBelow(caller, call.name, repetition);
  const instance: ModuleInstance = { parent: caller, module, call, repetition, address, scope: scopeFor(context, () => instance, module, variables) };
  return instance;
};

/** Every local module the caller calls (each instance of a repeated call), and the modules those call. */
const loadCalls = async (context: WorldContext, caller: ModuleInstance): Promise<void> => {
  const calls = Object.values(caller.module.modules);
  // Plain calls first: a for_each or count may read their outputs.
  for (const call of [...calls.filter((call) => !isRepeated(call)), ...calls.filter(isRepeated)]) {
    if (call.sourceDir === undefined) continue;
    const module = await loadModule(call.sourceDir);
    await loadTemplates(context, module);
    for (const repetition of repetitionsOf(caller, `module.${call.name}`, call.metaArguments)) {
      const instance = instanceOf(context, caller, call, module, repetition);
      context.instances[instance.address] = instance;
      await loadCalls(context, instance);
    }
  }
};

const contextOf = (rootDir: string, settings: WorldSettings, region: string): WorldContext => ({
  settings,
  rootDir,
  at: { partition: settings.partition, region, account: settings.account },
  data: {
    'aws_caller_identity.current': { account_id: settings.account, id: settings.account },
    'aws_region.current': { region, name: region, id: region },
    'aws_partition.current': { partition: settings.partition, id: settings.partition },
  },
  instances: {},
  templates: new Map(),
});

export const loadTerraformWorld = async (rootDir: string, settings: WorldSettings) => {
  const rootModule = await loadModule(rootDir);
  const rootVariables = await workspaceVariables(rootModule, settings.workspace);
  const regionValue = rootVariables['aws_region'] ?? 'us-east-1';
  const region = typeof regionValue === 'string' ? regionValue : unsupported('var.aws_region', 'not a string');
  const context = contextOf(rootModule.dir, settings, region);
  const root: ModuleInstance = { parent: undefined, module: rootModule, call: undefined, repetition: undefined, address: '', scope: scopeFor(context, () => root, rootModule, rootVariables) };
  await loadTemplates(context, rootModule);
  await loadCalls(context, root);
  return {
    region,
    root,
    modules: context.instances,
    /** Evaluates in the instance; with a repetition, `each`/`count` stand for that instance of a repeated call or resource. */
    evaluate: (instance: ModuleInstance, expression: unknown, repetition?: Repetition): Value => evaluate(expression, argumentScope(context, instance, repetition)),
    repetitionsOf,
    /** Renders a templatefile call of the instance, `each`/`count` standing for the repetition's. */
    render: (instance: ModuleInstance, loaded: LoadedTemplate, repetition?: Repetition) => renderCall(loaded, argumentScope(context, instance, repetition)),
    /** The attributes the emulation gives a resource of this type and name (its ARN, URL, id), or undefined for a type it does not model. */
    modelled: (type: string, name: string): Readonly<Record<string, string>> | undefined => resourceKinds[type]?.attributes(name, context.at),
    /** The argument that names a resource of this type (`name`, `bucket`, `function_name`), or undefined for a type the emulation does not model. */
    nameAttribute: (type: string): string | undefined => resourceKinds[type]?.nameAttribute,
    /** The templatefile calls of a loaded module, each with its template's text (found and read once, as the world loads). */
    templatesOf: (module: TfModule): readonly LoadedTemplate[] => context.templates.get(module.dir) ?? [],
  };
};

export type TerraformWorld = Readonly<Awaited<ReturnType<typeof loadTerraformWorld>>>;
