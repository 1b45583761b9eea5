import { join, resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import {
  HclError,
  readTemplate,
  renderTemplate,
  parseTraversal,
  templatefileCalls,
  templateParts,
  type Block,
  type HclProblem,
  type TemplatefileCall,
  type Value,
} from '@sales-pipeline/terraform-hcl';
import { compileEventPattern, type CompiledPattern, type InvalidEventPattern } from './event-pattern';
import { parseScheduleExpression, type InvalidScheduleExpression, type ScheduleExpression } from './schedule-expression';
import { loadTerraformWorld, repetitionReference, type ModuleInstance, type Repetition, type TerraformWorld } from './terraform-world';

export const LOCAL_WORKSPACE = 'local';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_PARTITION = 'aws';

/** An SQS queue URL as AWS forms it; the emulator reaches a queue by the last path segment of any URL. */
export const awsQueueUrl = (name: string, region: string, account: string): string =>
  `https://sqs.${region}.amazonaws.com/${account}/${name}`;

export type DeploymentProblem =
  | { readonly _tag: 'TerraformNotEvaluable'; readonly problem: HclProblem; readonly message: string }
  | { readonly _tag: 'DeploymentIncomplete'; readonly what: string }
  | InvalidEventPattern
  | InvalidScheduleExpression;

export interface QueueInfo {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

export interface TopicInfo {
  readonly name: string;
  readonly arn: string;
}

export interface FunctionInfo {
  readonly functionName: string;
  readonly arn: string;
  /** The aws_lambda_function's environment block, evaluated. */
  readonly environment: Readonly<Record<string, string>>;
  /** The aws_lambda_function's handler (`<file>.<export>`). */
  readonly handler: string;
  /** The aws_lambda_function's filename: the zip Terraform deploys (absolute). */
  readonly packagePath: string;
  /** The aws_lambda_function's timeout in seconds (Lambda's default 3 when the block sets none). */
  readonly timeoutSeconds: number;
}

export interface RenderedTemplate {
  /** The template file, when the text was rendered by a templatefile call (undefined for a literal or a plain expression). */
  readonly templatePath: string | undefined;
  /** What the templatefile call passes, evaluated for the workspace (name -> value). */
  readonly variables: Readonly<Record<string, Value>>;
  /** The expressions as written in the call (name -> expression). */
  readonly expressions: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface StateMachineInfo {
  /** Where Terraform declares it, e.g. `module.order_pipeline.module.order_pipeline.module.state_machine_entry["standard"].aws_sfn_state_machine.this`. */
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly definition: RenderedTemplate;
}

export interface RuleInfo {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  /** The state machines its targets start (a rule is only read when one of its targets is a state machine). */
  readonly stateMachineArns: readonly string[];
  readonly eventPattern: RenderedTemplate;
  readonly pattern: unknown;
  readonly compiled: CompiledPattern;
}

export interface LocalDeployment {
  readonly workspace: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** `local.names` of terraform/names.tf. */
  readonly names: Readonly<Record<string, string>>;
  /** The root variables for the workspace (defaults overridden by workspaces/<workspace>.tfvars). */
  readonly rootVariables: Readonly<Record<string, Value>>;
  /** Each module call: its source and the variable values it gets (those that need what the emulation lacks are listed apart). */
  readonly modules: Readonly<
    Record<string, { readonly source: string; readonly variables: Readonly<Record<string, Value>>; readonly unresolved: Readonly<Record<string, string>> }>
  >;
  readonly bucket: { readonly name: string; readonly arn: string; readonly versioning: boolean };
  readonly table: {
    readonly name: string;
    readonly arn: string;
    readonly hashKey: string;
    readonly rangeKey?: string;
    readonly attributes: readonly { readonly name: string; readonly type: 'S' | 'N' | 'B' }[];
    readonly billingMode: string;
  };
  readonly queues: { readonly rejectedOrders: QueueInfo; readonly deadLetter: QueueInfo; readonly alertInbox: QueueInfo };
  readonly topics: { readonly salesAlerts: TopicInfo; readonly operations: TopicInfo };
  /** Every aws_sfn_state_machine, wherever it is declared. */
  readonly stateMachines: readonly StateMachineInfo[];
  /** Every rule with a state machine target, its pattern rendered and compiled. */
  readonly rules: readonly RuleInfo[];
  /** The one STANDARD state machine. */
  readonly stateMachine: StateMachineInfo;
  /** The Express entry for small order files: the EXPRESS machine a rule starts. */
  readonly smallFileStateMachine: StateMachineInfo;
  /** The states acting on one batch of orders, as rendered into the machine definitions (templates/order-batch.asl.json.tftpl). */
  readonly orderBatchStates: RenderedTemplate;
  /** The rule that starts the Standard machine (objects over the small-file threshold). */
  readonly objectCreatedRule: RuleInfo;
  /** The rule that starts the Express entry (objects up to the small-file threshold). */
  readonly smallFileRule: RuleInfo;
  readonly schedule: {
    readonly name: string;
    readonly expression: string;
    readonly timezone: string;
    readonly enabled: boolean;
    readonly parsed: ScheduleExpression;
  };
  readonly generator: FunctionInfo;
  /** The generator's aws_lambda_function_event_invoke_config: how often Lambda retries a failed async invocation. */
  readonly generatorAsyncInvoke: { readonly maximumRetryAttempts: number };
  readonly validator: FunctionInfo;
  /** The order-file preparer (the PrepareOrderFile Task). */
  readonly preparer: FunctionInfo;
}

export interface LocalDeploymentOptions {
  /** Default `<repoRoot>/terraform`. */
  readonly terraformDir?: string;
  readonly workspace?: string;
  /** Queue URLs as the emulator serves them; AWS-shaped by default. */
  readonly queueUrl?: (name: string, region: string, account: string) => string;
}

type Found<A> = E.Either<DeploymentProblem, A>;

const incomplete = (what: string): DeploymentProblem => ({ _tag: 'DeploymentIncomplete', what });

/** TE.bind for a step that needs no I/O. */
const bindEither = <N extends string, A, B>(name: Exclude<N, keyof A>, f: (a: A) => Found<B>) =>
  TE.bind<N, A, DeploymentProblem, B>(name, (a) => TE.fromEither(f(a)));

/** The HCL library's error as a problem; anything else it throws is a defect, not a problem of the Terraform. */
const hclProblem = (error: unknown): DeploymentProblem => {
  if (error instanceof HclError) return { _tag: 'TerraformNotEvaluable', problem: error.problem, message: error.message };
  throw error;
};

const evaluate = (world: TerraformWorld, instance: ModuleInstance, expression: unknown): Found<Value> =>
  E.tryCatch(() => world.evaluateIn(instance, expression), hclProblem);

const asString = (value: Value, what: string): Found<string> => (typeof value === 'string' ? E.right(value) : E.left(incomplete(`${what} is not a string`)));

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isValueRecord = (value: Value): value is Readonly<Record<string, Value>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const firstBlock = (value: unknown): Readonly<Record<string, unknown>> | undefined => {
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return isRecord(first) ? first : undefined;
};

/** Each entry of a record of values as a string, or the first that is not one. */
const stringRecord = (value: Value, what: string): Found<Readonly<Record<string, string>>> =>
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

/** The one element of a list, or why there is not exactly one. */
const exactlyOne = <A>(items: readonly A[], problem: string): Found<A> => {
  const [only] = items;
  return items.length === 1 && only !== undefined ? E.right(only) : E.left(incomplete(problem));
};

const moduleFrom = (world: TerraformWorld, directory: string): Found<ModuleInstance> =>
  E.fromNullable(incomplete(`the root module calls no module from modules/${directory}`))(
    Object.values(world.modules).find((instance) => instance.module.dir.endsWith(`/modules/${directory}`)),
  );

const onlyResource = (instance: ModuleInstance, type: string) => {
  const blocks = instance.module.resources.filter((block) => block.type === type);
  return exactlyOne(blocks, `module ${instance.name} has ${blocks.length} ${type} resources (expected one)`);
};

const stringIn = (world: TerraformWorld, instance: ModuleInstance, expression: unknown, what: string): Found<string> =>
  pipe(
    evaluate(world, instance, expression),
    E.flatMap((value) => asString(value, what)),
  );

const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

const timeoutIn = (world: TerraformWorld, instance: ModuleInstance, expression: unknown, what: string): Found<number> =>
  expression === undefined
    ? E.right(LAMBDA_DEFAULT_TIMEOUT_SECONDS)
    : pipe(
        evaluate(world, instance, expression),
        E.flatMap((value) => (typeof value === 'number' && value > 0 ? E.right(value) : E.left(incomplete(`${what} is not a positive number`)))),
      );

const attribute = (world: TerraformWorld, instance: ModuleInstance, address: string, name: string): Found<string> =>
  stringIn(world, instance, `\${${address}.${name}}`, `${address}.${name}`);

const render = (world: TerraformWorld, instance: ModuleInstance, call: TemplatefileCall, repetition?: Repetition): TE.TaskEither<DeploymentProblem, RenderedTemplate> =>
  pipe(
    Object.entries(call.variables),
    E.traverseArray(([name, expression]) =>
      pipe(
        E.tryCatch(() => world.evaluateRepeated(instance, repetition, expression), hclProblem),
        E.map((value): readonly [string, Value] => [name, value]),
      ),
    ),
    E.map((entries): Readonly<Record<string, Value>> => Object.fromEntries(entries)),
    TE.fromEither,
    TE.flatMap((variables) =>
      pipe(
        TE.tryCatch(() => readTemplate(call), hclProblem),
        TE.flatMapEither((template) => E.tryCatch(() => renderTemplate(template, variables), hclProblem)),
        TE.map((text) => ({ templatePath: call.templatePath, variables, expressions: call.expressions, text })),
      ),
    ),
  );

const parseJson = (template: RenderedTemplate): Found<unknown> =>
  E.tryCatch(
    (): unknown => JSON.parse(template.text),
    (error) => incomplete(`a rendered template is not JSON: ${error instanceof Error ? error.message : String(error)}`),
  );

/** A resource block and the module instance that declares it. */
interface Located {
  readonly instance: ModuleInstance;
  readonly block: Block;
}

const instancesOf = (world: TerraformWorld): readonly ModuleInstance[] => [world.root, ...Object.values(world.modules)];

/** Every resource of a type, in whichever module it is declared. */
const resourcesOfType = (world: TerraformWorld, type: string): readonly Located[] =>
  instancesOf(world).flatMap((instance) => instance.module.resources.filter((block) => block.type === type).map((block) => ({ instance, block })));

/** The resource's address from the root, as `terraform plan` prints it. */
const addressOf = ({ instance, block }: Located): string => (instance.address === '' ? block.address : `${instance.address}.${block.address}`);

/** The expression inside a string that is one `${...}` and nothing else. */
const wholeInterpolation = (expression: unknown): string | undefined => {
  if (typeof expression !== 'string') return undefined;
  const parts = templateParts(expression);
  const [only] = parts;
  return parts.length === 1 && only?.kind === 'interpolation' ? only.expression.trim() : undefined;
};

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

/**
 * The text of an attribute such as a definition or an event pattern, with the templatefile call that rendered it:
 * followed through `var.x` into the module call that passes it (and `each.value.x` into its for_each), and through
 * literal locals, up to the templatefile call.
 */
const templateOf = (
  world: TerraformWorld,
  instance: ModuleInstance,
  expression: unknown,
  what: string,
  repetition?: Repetition,
): TE.TaskEither<DeploymentProblem, RenderedTemplate> => {
  const inner = wholeInterpolation(expression);
  const variable = inner === undefined ? undefined : /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(inner)?.[1];
  const passed = variable === undefined ? undefined : instance.call?.arguments[variable];
  if (instance.parent !== undefined && passed !== undefined) return templateOf(world, instance.parent, passed, what, instance.repetition);
  const repeated = inner === undefined ? undefined : repetitionReference(repetition, inner);
  if (repeated !== undefined && 'expression' in repeated) return templateOf(world, instance, `\${${repeated.expression}}`, what);
  const local = inner === undefined ? undefined : literalLocal(instance, inner);
  if (typeof local === 'string') return templateOf(world, instance, local, what);
  return pipe(
    TE.tryCatch(() => templatefileCalls(instance.module), hclProblem),
    TE.flatMap((calls) => {
      const call = inner?.startsWith('templatefile(') ? calls.find((found) => found.expression.trim() === inner) : undefined;
      if (call !== undefined) return render(world, instance, call, repetition);
      return pipe(
        TE.fromEither(pipe(E.tryCatch(() => world.evaluateRepeated(instance, repetition, expression), hclProblem), E.flatMap((value) => asString(value, what)))),
        TE.map((text): RenderedTemplate => ({ templatePath: undefined, variables: {}, expressions: {}, text })),
      );
    }),
  );
};

const stateMachineType = (world: TerraformWorld, { instance, block }: Located): Found<StateMachineInfo['type']> =>
  block.body['type'] === undefined
    ? E.right('STANDARD')
    : pipe(
        stringIn(world, instance, block.body['type'], `${block.address}.type`),
        E.flatMap((type) => (type === 'STANDARD' || type === 'EXPRESS' ? E.right(type) : E.left(incomplete(`${block.address}.type ${type} is neither STANDARD nor EXPRESS`)))),
      );

/** Every aws_sfn_state_machine of the configuration, its definition rendered. */
const stateMachinesOf = (world: TerraformWorld): TE.TaskEither<DeploymentProblem, readonly StateMachineInfo[]> =>
  pipe(
    resourcesOfType(world, 'aws_sfn_state_machine'),
    TE.traverseSeqArray((located) =>
      pipe(
        templateOf(world, located.instance, located.block.body['definition'], `${addressOf(located)}.definition`),
        TE.bindTo('definition'),
        bindEither('name', () => attribute(world, located.instance, located.block.address, 'name')),
        bindEither('arn', () => attribute(world, located.instance, located.block.address, 'arn')),
        bindEither('type', () => stateMachineType(world, located)),
        TE.map((machine): StateMachineInfo => ({ address: addressOf(located), ...machine })),
      ),
    ),
  );

interface TargetInfo {
  readonly rule: string;
  readonly eventBus: string;
  readonly arn: string;
}

const targetsOf = (world: TerraformWorld): Found<readonly TargetInfo[]> =>
  pipe(
    resourcesOfType(world, 'aws_cloudwatch_event_target'),
    E.traverseArray(({ instance, block }) =>
      pipe(
        E.Do,
        E.bind('rule', () => stringIn(world, instance, block.body['rule'] ?? null, `${block.address}.rule`)),
        E.bind('eventBus', () => (block.body['event_bus_name'] === undefined ? E.right('default') : stringIn(world, instance, block.body['event_bus_name'], `${block.address}.event_bus_name`))),
        E.bind('arn', () => stringIn(world, instance, block.body['arn'] ?? null, `${block.address}.arn`)),
      ),
    ),
  );

/** Every rule whose target is one of the state machines: its pattern rendered and compiled (other rules are not read). */
const rulesStarting = (world: TerraformWorld, machines: readonly StateMachineInfo[]): TE.TaskEither<DeploymentProblem, readonly RuleInfo[]> =>
  pipe(
    TE.fromEither(targetsOf(world)),
    TE.flatMap((targets) =>
      pipe(
        resourcesOfType(world, 'aws_cloudwatch_event_rule'),
        TE.traverseSeqArray((located) =>
          pipe(
            TE.fromEither(attribute(world, located.instance, located.block.address, 'name')),
            TE.flatMap((name) => {
              const stateMachineArns = targets.filter((target) => target.rule === name && machines.some((machine) => machine.arn === target.arn)).map((target) => target.arn);
              return stateMachineArns.length === 0 ? TE.right([]) : pipe(ruleOf(world, located, name, stateMachineArns), TE.map((rule) => [rule]));
            }),
          ),
        ),
        TE.map((rules) => rules.flat()),
      ),
    ),
  );

const ruleOf = (world: TerraformWorld, located: Located, name: string, stateMachineArns: readonly string[]): TE.TaskEither<DeploymentProblem, RuleInfo> =>
  pipe(
    templateOf(world, located.instance, located.block.body['event_pattern'], `${addressOf(located)}.event_pattern`),
    TE.bindTo('eventPattern'),
    bindEither('pattern', ({ eventPattern }) => parseJson(eventPattern)),
    bindEither('compiled', ({ pattern }) => compileEventPattern(pattern)),
    bindEither('arn', () => attribute(world, located.instance, located.block.address, 'arn')),
    TE.map((rule): RuleInfo => ({ address: addressOf(located), name, stateMachineArns, ...rule })),
  );

/** The entries the local run starts: the one Standard machine, the Express machine a rule starts, and their rules. */
const entriesOf = (machines: readonly StateMachineInfo[], rules: readonly RuleInfo[]) => {
  const ruleFor = (machine: StateMachineInfo) => {
    const starting = rules.filter((rule) => rule.stateMachineArns.includes(machine.arn));
    return exactlyOne(starting, `${starting.length} EventBridge rules start ${machine.address} (expected one)`);
  };
  const standard = machines.filter((machine) => machine.type === 'STANDARD');
  const express = machines.filter((machine) => machine.type === 'EXPRESS' && rules.some((rule) => rule.stateMachineArns.includes(machine.arn)));
  return pipe(
    E.Do,
    E.bind('stateMachine', () => exactlyOne(standard, `${standard.length} STANDARD state machines are declared (expected one)`)),
    E.bind('smallFileStateMachine', () => exactlyOne(express, `${express.length} EXPRESS state machines are started by a rule (expected one)`)),
    E.bind('objectCreatedRule', ({ stateMachine }) => ruleFor(stateMachine)),
    E.bind('smallFileRule', ({ smallFileStateMachine }) => ruleFor(smallFileStateMachine)),
  );
};

/** The states acting on one batch of orders, as the module that renders them into the definitions renders them. */
const orderBatchStatesOf = (world: TerraformWorld): TE.TaskEither<DeploymentProblem, RenderedTemplate> =>
  pipe(
    instancesOf(world),
    TE.traverseSeqArray((instance) =>
      pipe(
        TE.tryCatch(() => templatefileCalls(instance.module), hclProblem),
        TE.map((calls) => calls.filter((call) => call.templatePath.endsWith('/templates/order-batch.asl.json.tftpl')).map((call) => ({ instance, call }))),
      ),
    ),
    TE.flatMap((found) => {
      const calls = found.flat();
      return pipe(
        TE.fromEither(exactlyOne(calls, `${calls.length} templatefile calls render templates/order-batch.asl.json.tftpl (expected one)`)),
        TE.flatMap(({ instance, call }) => render(world, instance, call)),
      );
    }),
  );

/** The instance declaring a module's function: the module itself, or the module it calls for it (modules/lambda-function). */
const functionModule = (world: TerraformWorld, instance: ModuleInstance): Found<ModuleInstance> =>
  E.fromNullable(incomplete(`module ${instance.name} declares no aws_lambda_function, nor does a module it calls`))(
    [instance, ...Object.values(world.modules).filter((child) => child.parent === instance)].find((candidate) =>
      candidate.module.resources.some((block) => block.type === 'aws_lambda_function'),
    ),
  );

/** The instance declaring the aws_lambda_function named `functionName` (a module may call lambda-function more than once). */
const moduleOfFunction = (world: TerraformWorld, caller: ModuleInstance, functionName: string): Found<ModuleInstance> =>
  pipe(
    [caller, ...Object.values(world.modules).filter((child) => child.parent === caller)],
    E.traverseArray((candidate) =>
      pipe(
        candidate.module.resources.filter((block) => block.type === 'aws_lambda_function'),
        E.traverseArray((block) => evaluate(world, candidate, block.body['function_name'] ?? null)),
        E.map((names) => (names.includes(functionName) ? [candidate] : [])),
      ),
    ),
    E.flatMap((found) => {
      const candidates = found.flat();
      return exactlyOne(candidates, `module ${caller.name} declares ${candidates.length} aws_lambda_function named ${functionName} (expected one)`);
    }),
  );

const functionInfo = (world: TerraformWorld, instance: ModuleInstance): Found<FunctionInfo> =>
  pipe(
    E.Do,
    E.bind('block', () => onlyResource(instance, 'aws_lambda_function')),
    E.bind('environment', ({ block }) =>
      pipe(
        evaluate(world, instance, firstBlock(block.body['environment'])?.['variables'] ?? {}),
        E.flatMap((variables) => stringRecord(variables, 'environment ')),
      ),
    ),
    E.bind('functionName', ({ block }) => attribute(world, instance, block.address, 'function_name')),
    E.bind('arn', ({ block }) => attribute(world, instance, block.address, 'arn')),
    E.bind('handler', ({ block }) => stringIn(world, instance, block.body['handler'] ?? null, `${block.address}.handler`)),
    E.bind('filename', ({ block }) => stringIn(world, instance, block.body['filename'] ?? null, `${block.address}.filename`)),
    E.bind('timeoutSeconds', ({ block }) => timeoutIn(world, instance, block.body['timeout'], `${block.address}.timeout`)),
    E.map(({ functionName, arn, environment, handler, filename, timeoutSeconds }) => ({ functionName, arn, environment, handler, packagePath: resolve(filename), timeoutSeconds })),
  );

const evaluateModuleVariables = (instance: ModuleInstance) => {
  const variables: Record<string, Value> = {};
  const unresolved: Record<string, string> = {};
  for (const name of Object.keys(instance.module.variables)) {
    // The scope evaluates a variable when it is read: a value that needs what the emulation lacks is an HclError.
    const scope = instance.scope.variables;
    const value = E.tryCatch((): Value | undefined => (Object.prototype.hasOwnProperty.call(scope, name) ? scope[name] : undefined), hclProblem);
    if (E.isLeft(value)) unresolved[name] = value.left._tag === 'TerraformNotEvaluable' ? value.left.message : describeDeploymentProblem(value.left);
    else if (value.right === undefined) unresolved[name] = 'no value: neither passed nor defaulted';
    else variables[name] = value.right;
  }
  return { source: instance.module.dir, variables, unresolved };
};

const tableAttributes = (world: TerraformWorld, instance: ModuleInstance, declared: unknown, tableName: string) =>
  pipe(
    Array.isArray(declared) ? declared : [],
    E.traverseArray((block: unknown) =>
      pipe(
        evaluate(world, instance, block),
        E.flatMap((evaluated): Found<{ readonly name: string; readonly type: 'S' | 'N' | 'B' }> => {
          const record = isValueRecord(evaluated) ? evaluated : {};
          const type = record['type'];
          return type === 'S' || type === 'N' || type === 'B'
            ? pipe(
                asString(record['name'] ?? null, 'attribute name'),
                E.map((name) => ({ name, type })),
              )
            : E.left(incomplete(`attribute type ${String(type)} of ${tableName}`));
        }),
      ),
    ),
  );

const buildDeployment = (repoRoot: string, options: LocalDeploymentOptions): TE.TaskEither<DeploymentProblem, LocalDeployment> => {
  const workspace = options.workspace ?? LOCAL_WORKSPACE;
  const queueUrl = options.queueUrl ?? awsQueueUrl;
  return pipe(
    TE.tryCatch(
      () => loadTerraformWorld(options.terraformDir ?? join(repoRoot, 'terraform'), { workspace, account: LOCAL_ACCOUNT, partition: LOCAL_PARTITION, queueUrl }),
      hclProblem,
    ),
    TE.flatMap((world) => deploymentOf(world, workspace, queueUrl)),
  );
};

const deploymentOf = (
  world: TerraformWorld,
  workspace: string,
  queueUrl: (name: string, region: string, account: string) => string,
): TE.TaskEither<DeploymentProblem, LocalDeployment> => {
  const { region, root } = world;
  const arn = (service: string, resource: string): string => `arn:${LOCAL_PARTITION}:${service}:${region}:${LOCAL_ACCOUNT}:${resource}`;
  const queue = (queueName: string): QueueInfo => ({ name: queueName, url: queueUrl(queueName, region, LOCAL_ACCOUNT), arn: arn('sqs', queueName) });
  const topic = (topicName: string): TopicInfo => ({ name: topicName, arn: arn('sns', topicName) });
  const instances = Object.values(world.modules);

  const names = pipe(
    evaluate(world, root, '${local.names}'),
    E.flatMap((value) => stringRecord(value, 'local.names.')),
  );
  const name = (key: string): Found<string> =>
    pipe(
      names,
      E.flatMap((found) => E.fromNullable(incomplete(`terraform/names.tf has no local.names.${key}`))(found[key])),
    );

  const schedule = (generatorModule: ModuleInstance) =>
    pipe(
      E.Do,
      E.bind('scheduleBlock', () => onlyResource(generatorModule, 'aws_scheduler_schedule')),
      E.bind('expression', ({ scheduleBlock }) => stringIn(world, generatorModule, scheduleBlock.body['schedule_expression'], 'schedule_expression')),
      E.bind('timezone', ({ scheduleBlock }) => {
        const timezoneExpression = scheduleBlock.body['schedule_expression_timezone'];
        return timezoneExpression === undefined ? E.right('UTC') : stringIn(world, generatorModule, timezoneExpression, 'schedule_expression_timezone');
      }),
      E.bindW('parsed', ({ expression, timezone }) => parseScheduleExpression(expression, { timezone })),
      E.bind('state', ({ scheduleBlock }) =>
        scheduleBlock.body['state'] === undefined ? E.right<DeploymentProblem, Value>('ENABLED') : evaluate(world, generatorModule, scheduleBlock.body['state']),
      ),
      E.bind('name', ({ scheduleBlock }) => attribute(world, generatorModule, scheduleBlock.address, 'name')),
    );

  // Declared beside the function (in the lambda-function module the generator's module calls, or in that module itself).
  const maximumRetryAttempts = (generatorModule: ModuleInstance): Found<number> =>
    pipe(
      functionModule(world, generatorModule),
      E.flatMap((generatorFunction) =>
        pipe(
          onlyResource(generatorFunction, 'aws_lambda_function_event_invoke_config'),
          E.flatMap((invokeConfig) =>
            pipe(
              // Lambda's default when the argument is left out is 2 retries.
              invokeConfig.body['maximum_retry_attempts'] === undefined ? E.right<DeploymentProblem, Value>(2) : evaluate(world, generatorFunction, invokeConfig.body['maximum_retry_attempts']),
              E.flatMap((value) => (typeof value === 'number' ? E.right(value) : E.left(incomplete(`${invokeConfig.address}.maximum_retry_attempts is not a number`)))),
            ),
          ),
        ),
      ),
    );

  const versioned = (bucketName: string): Found<boolean> =>
    pipe(
      instances.flatMap((instance) =>
        instance.module.resources.filter((block) => block.type === 'aws_s3_bucket_versioning').map((block) => ({ instance, block })),
      ),
      E.traverseArray(({ instance, block }) =>
        pipe(
          E.Do,
          E.bind('bucket', () => evaluate(world, instance, block.body['bucket'])),
          E.bind('status', () => evaluate(world, instance, firstBlock(block.body['versioning_configuration'])?.['status'] ?? null)),
          E.map(({ bucket, status }) => bucket === bucketName && status === 'Enabled'),
        ),
      ),
      E.map((enabled) => enabled.includes(true)),
    );

  const table = (tableName: string) =>
    pipe(
      instances.flatMap((instance) => instance.module.resources.filter((block) => block.type === 'aws_dynamodb_table').map((block) => ({ instance, block }))),
      E.traverseArray((candidate) =>
        pipe(
          evaluate(world, candidate.instance, candidate.block.body['name']),
          E.map((tableNameValue) => (tableNameValue === tableName ? [candidate] : [])),
        ),
      ),
      E.flatMap((matches) => {
        const tables = matches.flat();
        return exactlyOne(tables, `${tables.length} aws_dynamodb_table resources are named ${tableName}`);
      }),
      E.flatMap(({ instance, block }) => {
        const tableValue = (key: string) => evaluate(world, instance, block.body[key] ?? null);
        return pipe(
          E.Do,
          E.bind('hashKey', () => pipe(tableValue('hash_key'), E.flatMap((value) => asString(value, `${tableName} hash_key`)))),
          E.bind('rangeKey', () => tableValue('range_key')),
          E.bind('billingMode', () => tableValue('billing_mode')),
          E.bind('attributes', () => tableAttributes(world, instance, block.body['attribute'], tableName)),
          E.map(({ hashKey, rangeKey, billingMode, attributes }): LocalDeployment['table'] => ({
            name: tableName,
            arn: arn('dynamodb', `table/${tableName}`),
            hashKey,
            ...(typeof rangeKey === 'string' ? { rangeKey } : {}),
            attributes,
            billingMode: typeof billingMode === 'string' ? billingMode : 'PROVISIONED',
          })),
        );
      }),
    );

  return pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.bind('names', () => names),
        E.bind('pipeline', () => moduleFrom(world, 'order-pipeline')),
        E.bind('generatorModule', () => moduleFrom(world, 'sales-generator')),
      ),
    ),
    TE.bind('stateMachines', () => stateMachinesOf(world)),
    TE.bind('rules', ({ stateMachines }) => rulesStarting(world, stateMachines)),
    bindEither('entries', ({ stateMachines, rules }) => entriesOf(stateMachines, rules)),
    TE.bind('orderBatchStates', () => orderBatchStatesOf(world)),
    bindEither('schedule', ({ generatorModule }) => schedule(generatorModule)),
    bindEither('maximumRetryAttempts', ({ generatorModule }) => maximumRetryAttempts(generatorModule)),
    bindEither('bucketName', () => name('data_lake_bucket')),
    bindEither('versioning', ({ bucketName }) => versioned(bucketName)),
    bindEither('table', () => pipe(name('orders_table'), E.flatMap(table))),
    bindEither('queues', () =>
      pipe(
        E.Do,
        E.bind('rejectedOrders', () => pipe(name('rejected_orders_queue'), E.map(queue))),
        E.bind('deadLetter', () => pipe(name('dead_letter_queue'), E.map(queue))),
        // Stands in for the e-mail subscription: the local run reads the alert e-mails from this queue.
        E.bind('alertInbox', () => pipe(name('sales_alerts_topic'), E.map((topicName) => queue(`${topicName}-email-inbox`)))),
      ),
    ),
    bindEither('topics', () =>
      pipe(
        E.Do,
        E.bind('salesAlerts', () => pipe(name('sales_alerts_topic'), E.map(topic))),
        E.bind('operations', () => pipe(name('operations_topic'), E.map(topic))),
      ),
    ),
    bindEither('generator', ({ generatorModule }) =>
      pipe(
        functionModule(world, generatorModule),
        E.flatMap((instance) => functionInfo(world, instance)),
      ),
    ),
    bindEither('validator', ({ pipeline }) =>
      pipe(
        name('order_validator_function'),
        E.flatMap((functionName) => moduleOfFunction(world, pipeline, functionName)),
        E.flatMap((instance) => functionInfo(world, instance)),
      ),
    ),
    bindEither('preparer', ({ pipeline }) =>
      pipe(
        name('order_preparer_function'),
        E.flatMap((functionName) => moduleOfFunction(world, pipeline, functionName)),
        E.flatMap((instance) => functionInfo(world, instance)),
      ),
    ),
    TE.map(
      (found): LocalDeployment => ({
        workspace,
        account: LOCAL_ACCOUNT,
        region,
        partition: LOCAL_PARTITION,
        names: found.names,
        rootVariables: root.scope.variables,
        modules: Object.fromEntries(instances.map((instance) => [instance.name, evaluateModuleVariables(instance)])),
        bucket: { name: found.bucketName, arn: `arn:${LOCAL_PARTITION}:s3:::${found.bucketName}`, versioning: found.versioning },
        table: found.table,
        queues: found.queues,
        topics: found.topics,
        stateMachines: found.stateMachines,
        rules: found.rules,
        ...found.entries,
        orderBatchStates: found.orderBatchStates,
        schedule: {
          name: found.schedule.name,
          expression: found.schedule.expression,
          timezone: found.schedule.timezone,
          enabled: found.schedule.state === 'ENABLED',
          parsed: found.schedule.parsed,
        },
        generator: found.generator,
        generatorAsyncInvoke: { maximumRetryAttempts: found.maximumRetryAttempts },
        validator: found.validator,
        preparer: found.preparer,
      }),
    ),
  );
};

/**
 * The Terraform-declared world of a workspace (`local` by default): names, module variables, the rendered state
 * machine definition and event pattern (each with exactly the variables its templatefile call passes), the schedule
 * and the functions' environments, all evaluated from the .tf files for account 000000000000.
 */
export const localDeployment = (repoRoot: string, options: LocalDeploymentOptions = {}): TE.TaskEither<DeploymentProblem, LocalDeployment> =>
  buildDeployment(repoRoot, options);

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
