import { join, resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  HclError,
  readTemplate,
  renderTemplate,
  templatefileCalls,
  type HclProblem,
  type TemplatefileCall,
  type Value,
} from '@sales-pipeline/terraform-hcl';
import { compileEventPattern, type CompiledPattern, type InvalidEventPattern } from './event-pattern';
import { parseScheduleExpression, type InvalidScheduleExpression, type ScheduleExpression } from './schedule-expression';
import { loadTerraformWorld, type ModuleInstance, type TerraformWorld } from './terraform-world';

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
}

export interface RenderedTemplate {
  readonly templatePath: string;
  /** What the templatefile call passes, evaluated for the workspace (name -> value). */
  readonly variables: Readonly<Record<string, Value>>;
  /** The expressions as written in the call (name -> expression). */
  readonly expressions: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface StateMachineInfo {
  readonly name: string;
  readonly arn: string;
  readonly definition: RenderedTemplate;
}

export interface RuleInfo {
  readonly name: string;
  readonly arn: string;
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
  readonly stateMachine: StateMachineInfo;
  /** The Express entry for small order files (aws_sfn_state_machine.small_file). */
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

class Incomplete extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}
const incomplete = (what: string): never => {
  throw new Incomplete(what);
};

/** The rendered event pattern or the schedule expression is one the local run cannot use. */
class Refused extends Error {
  constructor(readonly problem: InvalidEventPattern | InvalidScheduleExpression) {
    super(problem.reason);
  }
}

const asString = (value: Value, what: string): string => (typeof value === 'string' ? value : incomplete(`${what} is not a string`));

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const firstBlock = (value: unknown): Readonly<Record<string, unknown>> | undefined => {
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return isRecord(first) ? first : undefined;
};

/** The one element of a list, or why there is not exactly one. */
const exactlyOne = <A>(items: readonly A[], problem: string): A => {
  const [only] = items;
  return items.length === 1 && only !== undefined ? only : incomplete(problem);
};

const moduleFrom = (world: TerraformWorld, directory: string): ModuleInstance =>
  Object.values(world.modules).find((instance) => instance.module.dir.endsWith(`/modules/${directory}`)) ??
  incomplete(`the root module calls no module from modules/${directory}`);

const onlyResource = (instance: ModuleInstance, type: string) => {
  const blocks = instance.module.resources.filter((block) => block.type === type);
  return exactlyOne(blocks, `module ${instance.name} has ${blocks.length} ${type} resources (expected one)`);
};

const attribute = (world: TerraformWorld, instance: ModuleInstance, address: string, name: string): string =>
  asString(world.evaluateIn(instance, `\${${address}.${name}}`), `${address}.${name}`);

const render = async (world: TerraformWorld, instance: ModuleInstance, call: TemplatefileCall): Promise<RenderedTemplate> => {
  const variables = Object.fromEntries(
    Object.entries(call.variables).map(([name, expression]) => [name, world.evaluateIn(instance, expression)]),
  );
  return { templatePath: call.templatePath, variables, expressions: call.expressions, text: renderTemplate(await readTemplate(call), variables) };
};

/** The instance declaring a module's function: the module itself, or the module it calls for it (modules/lambda-function). */
const functionModule = (world: TerraformWorld, instance: ModuleInstance): ModuleInstance =>
  [instance, ...Object.values(world.modules).filter((child) => child.parent === instance)].find((candidate) =>
    candidate.module.resources.some((block) => block.type === 'aws_lambda_function'),
  ) ?? incomplete(`module ${instance.name} declares no aws_lambda_function, nor does a module it calls`);

/** The instance declaring the aws_lambda_function named `functionName` (a module may call lambda-function more than once). */
const moduleOfFunction = (world: TerraformWorld, caller: ModuleInstance, functionName: string): ModuleInstance => {
  const candidates = [caller, ...Object.values(world.modules).filter((child) => child.parent === caller)].filter((candidate) =>
    candidate.module.resources.some(
      (block) => block.type === 'aws_lambda_function' && world.evaluateIn(candidate, block.body['function_name'] ?? null) === functionName,
    ),
  );
  return exactlyOne(candidates, `module ${caller.name} declares ${candidates.length} aws_lambda_function named ${functionName} (expected one)`);
};

const functionInfo = (world: TerraformWorld, instance: ModuleInstance): FunctionInfo => {
  const block = onlyResource(instance, 'aws_lambda_function');
  const environment = world.evaluateIn(instance, firstBlock(block.body['environment'])?.['variables'] ?? {});
  const variables = typeof environment === 'object' && environment !== null && !Array.isArray(environment) ? environment : {};
  return {
    functionName: attribute(world, instance, block.address, 'function_name'),
    arn: attribute(world, instance, block.address, 'arn'),
    environment: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, asString(value as Value, `environment ${name}`)])),
    handler: asString(world.evaluateIn(instance, block.body['handler'] ?? null), `${block.address}.handler`),
    packagePath: resolve(asString(world.evaluateIn(instance, block.body['filename'] ?? null), `${block.address}.filename`)),
  };
};

const evaluateModuleVariables = (world: TerraformWorld, instance: ModuleInstance) => {
  const variables: Record<string, Value> = {};
  const unresolved: Record<string, string> = {};
  for (const name of Object.keys(instance.module.variables)) {
    try {
      if (Object.prototype.hasOwnProperty.call(instance.scope.variables, name)) variables[name] = instance.scope.variables[name] as Value;
      else unresolved[name] = 'no value: neither passed nor defaulted';
    } catch (error) {
      if (!(error instanceof HclError)) throw error;
      unresolved[name] = error.message;
    }
  }
  return { source: instance.module.dir, variables, unresolved };
};

const buildDeployment = async (repoRoot: string, options: LocalDeploymentOptions): Promise<LocalDeployment> => {
  const workspace = options.workspace ?? LOCAL_WORKSPACE;
  const queueUrl = options.queueUrl ?? awsQueueUrl;
  const world = await loadTerraformWorld(options.terraformDir ?? join(repoRoot, 'terraform'), {
    workspace,
    account: LOCAL_ACCOUNT,
    partition: LOCAL_PARTITION,
    queueUrl,
  });
  const { region, root } = world;
  const namesValue = world.evaluateIn(root, '${local.names}');
  const names = Object.fromEntries(
    Object.entries(typeof namesValue === 'object' && namesValue !== null && !Array.isArray(namesValue) ? namesValue : {}).map(([key, value]) => [
      key,
      asString(value as Value, `local.names.${key}`),
    ]),
  );
  const name = (key: string): string => names[key] ?? incomplete(`terraform/names.tf has no local.names.${key}`);
  const arn = (service: string, resource: string): string => `arn:${LOCAL_PARTITION}:${service}:${region}:${LOCAL_ACCOUNT}:${resource}`;
  const queue = (queueName: string): QueueInfo => ({ name: queueName, url: queueUrl(queueName, region, LOCAL_ACCOUNT), arn: arn('sqs', queueName) });
  const topic = (topicName: string): TopicInfo => ({ name: topicName, arn: arn('sns', topicName) });

  const pipeline = moduleFrom(world, 'order-pipeline');
  const generatorModule = moduleFrom(world, 'sales-generator');
  const calls = await templatefileCalls(pipeline.module);
  const call = (file: string, address?: string): TemplatefileCall =>
    calls.find((found) => found.templatePath.endsWith(`/templates/${file}`) && (address === undefined || found.address === address)) ??
    incomplete(`module ${pipeline.name} has no templatefile call of templates/${file}${address === undefined ? '' : ` in ${address}`}`);
  const stateMachineOf = async (address: string, file: string): Promise<StateMachineInfo> => ({
    name: attribute(world, pipeline, address, 'name'),
    arn: attribute(world, pipeline, address, 'arn'),
    definition: await render(world, pipeline, call(file, address)),
  });
  const ruleOf = async (address: string): Promise<RuleInfo> => {
    const eventPattern = await render(world, pipeline, call('object-created.event-pattern.json.tftpl', address));
    const pattern: unknown = JSON.parse(eventPattern.text);
    const compiled = compileEventPattern(pattern);
    if (E.isLeft(compiled)) throw new Refused(compiled.left);
    return { name: attribute(world, pipeline, address, 'name'), arn: attribute(world, pipeline, address, 'arn'), eventPattern, pattern, compiled: compiled.right };
  };
  const stateMachine = await stateMachineOf('aws_sfn_state_machine.this', 'state-machine.asl.json.tftpl');
  const smallFileStateMachine = await stateMachineOf('aws_sfn_state_machine.small_file', 'small-order-file.asl.json.tftpl');
  const orderBatchStates = await render(world, pipeline, call('order-batch.asl.json.tftpl'));
  const objectCreatedRule = await ruleOf('aws_cloudwatch_event_rule.object_created');
  const smallFileRule = await ruleOf('aws_cloudwatch_event_rule.small_file');

  const scheduleBlock = onlyResource(generatorModule, 'aws_scheduler_schedule');
  const expression = asString(world.evaluateIn(generatorModule, scheduleBlock.body['schedule_expression']), 'schedule_expression');
  const timezoneExpression = scheduleBlock.body['schedule_expression_timezone'];
  const timezone = timezoneExpression === undefined ? 'UTC' : asString(world.evaluateIn(generatorModule, timezoneExpression), 'schedule_expression_timezone');
  const parsed = parseScheduleExpression(expression, { timezone });
  if (E.isLeft(parsed)) throw new Refused(parsed.left);
  const state = scheduleBlock.body['state'] === undefined ? 'ENABLED' : world.evaluateIn(generatorModule, scheduleBlock.body['state']);
  // Declared beside the function (in the lambda-function module the generator's module calls, or in that module itself).
  const generatorFunction = functionModule(world, generatorModule);
  const invokeConfig = onlyResource(generatorFunction, 'aws_lambda_function_event_invoke_config');
  // Lambda's default when the argument is left out is 2 retries.
  const maximumRetryAttempts =
    invokeConfig.body['maximum_retry_attempts'] === undefined ? 2 : world.evaluateIn(generatorFunction, invokeConfig.body['maximum_retry_attempts']);
  if (typeof maximumRetryAttempts !== 'number') incomplete(`${invokeConfig.address}.maximum_retry_attempts is not a number`);

  const instances = Object.values(world.modules);
  const bucketName = name('data_lake_bucket');
  const versioning = instances.some((instance) =>
    instance.module.resources
      .filter((block) => block.type === 'aws_s3_bucket_versioning')
      .some(
        (block) =>
          world.evaluateIn(instance, block.body['bucket']) === bucketName &&
          world.evaluateIn(instance, firstBlock(block.body['versioning_configuration'])?.['status'] ?? null) === 'Enabled',
      ),
  );

  const tableName = name('orders_table');
  const tables = instances.flatMap((instance) =>
    instance.module.resources
      .filter((block) => block.type === 'aws_dynamodb_table')
      .filter((block) => world.evaluateIn(instance, block.body['name']) === tableName)
      .map((block) => ({ instance, block })),
  );
  const table = exactlyOne(tables, `${tables.length} aws_dynamodb_table resources are named ${tableName}`);
  const tableValue = (key: string): Value => world.evaluateIn(table.instance, table.block.body[key] ?? null);
  const declared: unknown = table.block.body['attribute'];
  const attributeBlocks: unknown[] = Array.isArray(declared) ? declared : [];
  const attributes = attributeBlocks.map((block): { name: string; type: 'S' | 'N' | 'B' } => {
    const evaluated = world.evaluateIn(table.instance, block);
    const record = (typeof evaluated === 'object' && evaluated !== null ? evaluated : {}) as Record<string, Value>;
    const type = record['type'];
    return type === 'S' || type === 'N' || type === 'B'
      ? { name: asString(record['name'] ?? null, 'attribute name'), type }
      : incomplete(`attribute type ${String(type)} of ${tableName}`);
  });
  const rangeKey = tableValue('range_key');
  const billingMode = tableValue('billing_mode');

  const moduleVariables = Object.fromEntries(instances.map((instance) => [instance.name, evaluateModuleVariables(world, instance)]));
  const rootVariables = root.scope.variables;

  return {
    workspace,
    account: LOCAL_ACCOUNT,
    region,
    partition: LOCAL_PARTITION,
    names,
    rootVariables,
    modules: moduleVariables,
    bucket: { name: bucketName, arn: `arn:${LOCAL_PARTITION}:s3:::${bucketName}`, versioning },
    table: {
      name: tableName,
      arn: arn('dynamodb', `table/${tableName}`),
      hashKey: asString(tableValue('hash_key'), `${tableName} hash_key`),
      ...(typeof rangeKey === 'string' ? { rangeKey } : {}),
      attributes,
      billingMode: typeof billingMode === 'string' ? billingMode : 'PROVISIONED',
    },
    queues: {
      rejectedOrders: queue(name('rejected_orders_queue')),
      deadLetter: queue(name('dead_letter_queue')),
      // Stands in for the e-mail subscription: the local run reads the alert e-mails from this queue.
      alertInbox: queue(`${name('sales_alerts_topic')}-email-inbox`),
    },
    topics: { salesAlerts: topic(name('sales_alerts_topic')), operations: topic(name('operations_topic')) },
    stateMachine,
    smallFileStateMachine,
    orderBatchStates,
    objectCreatedRule,
    smallFileRule,
    schedule: {
      name: attribute(world, generatorModule, scheduleBlock.address, 'name'),
      expression,
      timezone,
      enabled: state === 'ENABLED',
      parsed: parsed.right,
    },
    generator: functionInfo(world, generatorFunction),
    generatorAsyncInvoke: { maximumRetryAttempts: Number(maximumRetryAttempts) },
    validator: functionInfo(world, moduleOfFunction(world, pipeline, name('order_validator_function'))),
    preparer: functionInfo(world, moduleOfFunction(world, pipeline, name('order_preparer_function'))),
  };
};

const toProblem = (error: unknown): DeploymentProblem => {
  if (error instanceof HclError) return { _tag: 'TerraformNotEvaluable', problem: error.problem, message: error.message };
  if (error instanceof Incomplete) return { _tag: 'DeploymentIncomplete', what: error.what };
  if (error instanceof Refused) return error.problem;
  if (error instanceof SyntaxError) return { _tag: 'DeploymentIncomplete', what: `a rendered template is not JSON: ${error.message}` };
  throw error;
};

/**
 * The Terraform-declared world of a workspace (`local` by default): names, module variables, the rendered state
 * machine definition and event pattern (each with exactly the variables its templatefile call passes), the schedule
 * and the functions' environments, all evaluated from the .tf files for account 000000000000.
 */
export const localDeployment = (repoRoot: string, options: LocalDeploymentOptions = {}): TE.TaskEither<DeploymentProblem, LocalDeployment> =>
  TE.tryCatch(() => buildDeployment(repoRoot, options), toProblem);

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
