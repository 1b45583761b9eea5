import { resolve } from 'node:path';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { parseScheduleExpression } from '@sales-pipeline/local-events';
import type { Value } from '@sales-pipeline/terraform-hcl';
import {
  addressOf,
  argumentOf,
  asNumber,
  asString,
  evaluate,
  firstBlock,
  incomplete,
  isValueRecord,
  modelledAttributes,
  resourcesOfType,
  stringArgument,
  stringRecord,
  type Found,
  type FoundBy,
  type Located,
} from './reading';
import { templateOf } from './templates';
import type { TerraformWorld } from './terraform-world';

/*
 * One reader per kind of resource. The record types are what the readers give (ResourceRecords below): each field is
 * written once, where it is read from the Terraform.
 */

const LAMBDA_DEFAULTS = { timeoutSeconds: 3, memorySizeMb: 128, asyncMaximumRetryAttempts: 2 };

/** The resources of a type whose `argument` is `value`: the configuration blocks of one bucket or one function. */
const resourcesFor = (world: TerraformWorld, type: string, argument: string, value: string): Found<readonly Located[]> =>
  pipe(
    resourcesOfType(world, type),
    E.flatMap(E.traverseArray((located) => pipe(argumentOf(world, located, argument), E.map((named) => (named === value ? [located] : []))))),
    E.map((found) => found.flat()),
  );

/** Whether an aws_s3_bucket_versioning of the bucket enables versioning. */
const bucketVersioned = (world: TerraformWorld, bucketName: string): Found<boolean> =>
  pipe(
    resourcesFor(world, 'aws_s3_bucket_versioning', 'bucket', bucketName),
    E.flatMap(E.traverseArray((located) => evaluate(world, located.instance, firstBlock(located.block.body['versioning_configuration'])?.['status'] ?? null))),
    E.map((statuses) => statuses.includes('Enabled')),
  );

const bucketOf = (world: TerraformWorld, located: Located) =>
  pipe(
    modelledAttributes(world, located),
    E.bindTo('model'),
    E.bind('name', ({ model }) => E.fromNullable(incomplete(`${addressOf(located)} has no bucket name`))(model['bucket'])),
    E.bind('versioning', ({ name }) => bucketVersioned(world, name)),
    E.map(({ model, name, versioning }) => ({ address: addressOf(located), name, arn: model['arn'] ?? '', versioning })),
  );

type TableAttribute = { readonly name: string; readonly type: 'S' | 'N' | 'B' };

const tableAttributes = (world: TerraformWorld, located: Located): Found<readonly TableAttribute[]> =>
  pipe(
    Array.isArray(located.block.body['attribute']) ? (located.block.body['attribute'] as unknown[]) : [],
    E.traverseArray((block) =>
      pipe(
        E.tryCatch(() => world.evaluate(located.instance, block, located.repetition), (error) => incomplete(String(error))),
        E.flatMap((evaluated): Found<TableAttribute> => {
          const record = isValueRecord(evaluated) ? evaluated : {};
          const type = record['type'];
          return type === 'S' || type === 'N' || type === 'B'
            ? pipe(
                asString(record['name'] ?? null, `${addressOf(located)} attribute name`),
                E.map((name) => ({ name, type })),
              )
            : E.left(incomplete(`attribute type ${String(type)} of ${addressOf(located)}`));
        }),
      ),
    ),
  );

const tableOf = (world: TerraformWorld, located: Located) =>
  pipe(
    E.Do,
    E.bind('model', () => modelledAttributes(world, located)),
    E.bind('hashKey', () => stringArgument(world, located, 'hash_key')),
    E.bind('rangeKey', () => argumentOf(world, located, 'range_key', null)),
    E.bind('billingMode', () => stringArgument(world, located, 'billing_mode', 'PROVISIONED')),
    E.bind('attributes', () => tableAttributes(world, located)),
    E.map(({ model, hashKey, rangeKey, billingMode, attributes }) => ({
      address: addressOf(located),
      name: model['name'] ?? '',
      hashKey,
      ...(typeof rangeKey === 'string' ? { rangeKey } : {}),
      attributes,
      billingMode,
    })),
  );

const queueOf = (world: TerraformWorld, located: Located) =>
  pipe(
    modelledAttributes(world, located),
    E.map((model) => ({ name: model['name'] ?? '', url: model['url'] ?? '', arn: model['arn'] ?? '' })),
  );

const topicOf = (world: TerraformWorld, located: Located) =>
  pipe(
    modelledAttributes(world, located),
    E.map((model) => ({ name: model['name'] ?? '', arn: model['arn'] ?? '' })),
  );

/** Lambda's retries of a failed asynchronous invocation: the event invoke config naming the function, or the default. */
const asyncRetries = (world: TerraformWorld, functionName: string): Found<number> =>
  pipe(
    resourcesFor(world, 'aws_lambda_function_event_invoke_config', 'function_name', functionName),
    E.flatMap(
      E.traverseArray((located) =>
        pipe(
          argumentOf(world, located, 'maximum_retry_attempts', LAMBDA_DEFAULTS.asyncMaximumRetryAttempts),
          E.flatMap((value) => asNumber(value, `${addressOf(located)}.maximum_retry_attempts`)),
        ),
      ),
    ),
    E.map((retries) => retries[0] ?? LAMBDA_DEFAULTS.asyncMaximumRetryAttempts),
  );

const positive = (value: Value, what: string): Found<number> =>
  typeof value === 'number' && value > 0 ? E.right(value) : E.left(incomplete(`${what} is not a positive number`));

/**
 * A function as the local runtime starts it: its environment block evaluated, its handler (`<file>.<export>`), the zip
 * Terraform deploys (filename, made absolute), its timeout and memory_size, and how often Lambda retries a failed
 * asynchronous invocation (its aws_lambda_function_event_invoke_config); Lambda's defaults where the Terraform sets none.
 */
const functionOf = (world: TerraformWorld, located: Located) =>
  pipe(
    E.Do,
    E.bind('model', () => modelledAttributes(world, located)),
    E.bind('environment', () =>
      pipe(
        E.tryCatch(
          () => world.evaluate(located.instance, firstBlock(located.block.body['environment'])?.['variables'] ?? {}, located.repetition),
          (error) => incomplete(`${addressOf(located)}.environment: ${String(error)}`),
        ),
        E.flatMap((variables) => stringRecord(variables, 'environment ')),
      ),
    ),
    E.bind('handler', () => stringArgument(world, located, 'handler')),
    E.bind('filename', () => stringArgument(world, located, 'filename')),
    E.bind('timeoutSeconds', () => pipe(argumentOf(world, located, 'timeout', LAMBDA_DEFAULTS.timeoutSeconds), E.flatMap((value) => positive(value, `${addressOf(located)}.timeout`)))),
    E.bind('memorySizeMb', () => pipe(argumentOf(world, located, 'memory_size', LAMBDA_DEFAULTS.memorySizeMb), E.flatMap((value) => positive(value, `${addressOf(located)}.memory_size`)))),
    E.bind('asyncMaximumRetryAttempts', ({ model }) => asyncRetries(world, model['function_name'] ?? '')),
    E.map(({ model, filename, ...info }) => ({
      address: addressOf(located),
      functionName: model['function_name'] ?? '',
      arn: model['arn'] ?? '',
      packagePath: resolve(filename),
      ...info,
    })),
  );

const stateMachineType = (world: TerraformWorld, located: Located): Found<'STANDARD' | 'EXPRESS'> =>
  pipe(
    stringArgument(world, located, 'type', 'STANDARD'),
    E.flatMap((type) => (type === 'STANDARD' || type === 'EXPRESS' ? E.right(type) : E.left(incomplete(`${addressOf(located)}.type ${type} is neither STANDARD nor EXPRESS`)))),
  );

const stateMachineOf = (world: TerraformWorld, located: Located) =>
  pipe(
    templateOf(world, located.instance, located.block.body['definition'], `${addressOf(located)}.definition`, located.repetition),
    E.bindTo('definition'),
    E.bind('model', () => modelledAttributes(world, located)),
    E.bind('type', () => stateMachineType(world, located)),
    E.map(({ definition, model, type }) => ({ address: addressOf(located), name: model['name'] ?? '', arn: model['arn'] ?? '', type, definition })),
  );

/** A schedule: its expression parsed in its timezone (schedule_expression_timezone, UTC by default), and the ARN its target invokes. */
const scheduleOf = (world: TerraformWorld, located: Located) =>
  pipe(
    E.Do,
    E.bind('model', () => modelledAttributes(world, located)),
    E.bind('expression', () => stringArgument(world, located, 'schedule_expression')),
    E.bind('timezone', () => stringArgument(world, located, 'schedule_expression_timezone', 'UTC')),
    E.bindW('parsed', ({ expression, timezone }) => parseScheduleExpression(expression, { timezone })),
    E.bind('state', () => stringArgument(world, located, 'state', 'ENABLED')),
    E.bind('targetArn', () => pipe(evaluate(world, located.instance, firstBlock(located.block.body['target'])?.['arn'] ?? null), E.flatMap((arn) => asString(arn, `${addressOf(located)}.target.arn`)))),
    E.map(({ model, expression, parsed, state, targetArn }) => ({
      address: addressOf(located),
      name: model['name'] ?? '',
      expression,
      enabled: state === 'ENABLED',
      parsed,
      targetArn,
    })),
  );

/** How to read one kind of resource: its Terraform type, and what the local run needs of each instance. */
interface ResourceSpec<A> {
  readonly type: string;
  readonly read: (world: TerraformWorld, located: Located) => Found<A>;
}

const spec = <A>(type: string, read: (world: TerraformWorld, located: Located) => Found<A>): ResourceSpec<A> => ({ type, read });

/** The kinds of resource the local run creates or runs: one spec each. A resource of another type is not read. */
const resourceSpecs = {
  buckets: spec('aws_s3_bucket', bucketOf),
  tables: spec('aws_dynamodb_table', tableOf),
  queues: spec('aws_sqs_queue', queueOf),
  topics: spec('aws_sns_topic', topicOf),
  functions: spec('aws_lambda_function', functionOf),
  schedules: spec('aws_scheduler_schedule', scheduleOf),
  stateMachines: spec('aws_sfn_state_machine', stateMachineOf),
};

type Specs = typeof resourceSpecs;
export type ResourceRecords = { readonly [K in keyof Specs]: readonly FoundBy<Specs[K]['read']>[] };
export type BucketInfo = ResourceRecords['buckets'][number];
export type TableInfo = ResourceRecords['tables'][number];
export type QueueInfo = ResourceRecords['queues'][number];
export type TopicInfo = ResourceRecords['topics'][number];
export type FunctionInfo = ResourceRecords['functions'][number];
export type ScheduleInfo = ResourceRecords['schedules'][number];
export type StateMachineInfo = ResourceRecords['stateMachines'][number];

const readAll = <A>(world: TerraformWorld, { type, read }: ResourceSpec<A>): Found<readonly A[]> =>
  pipe(
    resourcesOfType(world, type),
    E.flatMap(E.traverseArray((located) => read(world, located))),
  );

/** Every resource of every kind the local run knows, wherever the Terraform declares it. */
export const readRecords = (world: TerraformWorld): Found<ResourceRecords> =>
  pipe(
    Object.entries(resourceSpecs) as [keyof Specs, ResourceSpec<unknown>][],
    E.traverseArray(([kind, kindSpec]) => pipe(readAll(world, kindSpec), E.map((records) => [kind, records] as const))),
    // Each kind's records are read by that kind's spec: the entries have the record type of their key.
    E.map((entries) => Object.fromEntries(entries) as unknown as ResourceRecords),
  );
