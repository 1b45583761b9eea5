import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { evaluate, exactlyOne, hclProblem, incomplete, stringRecord, type DeploymentProblem, type Found, type FoundBy } from './reading';
import { readRecords, type QueueInfo, type ResourceRecords, type TopicInfo } from './records';
import { loadTerraformWorld, type TerraformWorld } from './terraform-world';
import { entriesOf, functionNamed, orderBatchStatesOf, rulesStarting, scheduledGenerator } from './wiring';

export { describeDeploymentProblem, type DeploymentProblem } from './reading';
export type { FunctionInfo } from './records';

export const LOCAL_WORKSPACE = 'local';
export const LOCAL_ACCOUNT = '000000000000';
const LOCAL_PARTITION = 'aws';

export interface LocalDeploymentOptions {
  /** Default `<repoRoot>/terraform`. */
  readonly terraformDir?: string;
  readonly workspace?: string;
}

const namesOf = (world: TerraformWorld): Found<Readonly<Record<string, string>>> =>
  pipe(
    evaluate(world, world.root, '${local.names}'),
    E.flatMap((value) => stringRecord(value, 'local.names.')),
  );

const nameIn = (names: Readonly<Record<string, string>>, key: string): Found<string> =>
  E.fromNullable(incomplete(`terraform/names.tf has no local.names.${key}`))(names[key]);

/** The resource of a kind that terraform/names.tf names under `key`. */
const named =
  (names: Readonly<Record<string, string>>) =>
  <A extends { readonly name: string }>(records: readonly A[], key: string): Found<A> =>
    pipe(
      nameIn(names, key),
      E.flatMap((name) => exactlyOne(records.filter((record) => record.name === name), `no single resource is named local.names.${key} (${name})`)),
    );

/** The pipeline's roles among the records, by the names of terraform/names.tf. */
const namedRoles = (names: Readonly<Record<string, string>>, records: ResourceRecords) => {
  const find = named(names);
  return pipe(
    E.Do,
    E.bind('bucket', () => find(records.buckets, 'data_lake_bucket')),
    E.bind('table', () => find(records.tables, 'orders_table')),
    E.bind('salesAlerts', () => find(records.topics, 'sales_alerts_topic')),
    E.bind('operations', () => find(records.topics, 'operations_topic')),
    E.bind('rejectedOrders', () => find(records.queues, 'rejected_orders_queue')),
    E.bind('deadLetter', () => find(records.queues, 'dead_letter_queue')),
    E.bind('validator', () => pipe(nameIn(names, 'order_validator_function'), E.flatMap((name) => functionNamed(records.functions, name)))),
    E.bind('preparer', () => pipe(nameIn(names, 'order_preparer_function'), E.flatMap((name) => functionNamed(records.functions, name)))),
  );
};

/** Stands in for the alert e-mail subscription: the local run reads the alert e-mails from this queue. */
const alertInboxOf = (world: TerraformWorld, topic: TopicInfo): QueueInfo => {
  const name = `${topic.name}-email-inbox`;
  const { url = '', arn = '' } = world.modelled('aws_sqs_queue', name) ?? {};
  return { name, url, arn };
};

/**
 * The Terraform-declared world of a workspace. `records` holds every resource of every kind the local run creates or
 * runs, found by type wherever it is declared; the rest are the pipeline's roles among them: by the names of
 * terraform/names.tf (bucket, table, queues, topics, validator, preparer) or by their wiring (the rules that start
 * the state machines, the function the schedule invokes).
 */
const deploymentOf = (world: TerraformWorld, terraformDir: string, workspace: string) =>
  pipe(
    namesOf(world),
    E.bindTo('names'),
    E.bind('records', () => readRecords(world)),
    E.bind('rules', ({ records }) => rulesStarting(world, records.stateMachines)),
    E.bind('entries', ({ records, rules }) => entriesOf(records.stateMachines, rules)),
    E.bind('scheduled', ({ records }) => scheduledGenerator(records.schedules, records.functions)),
    E.bind('roles', ({ names, records }) => namedRoles(names, records)),
    E.bind('orderBatchStates', () => orderBatchStatesOf(world)),
    E.map(({ names, records, entries, scheduled, roles, orderBatchStates }) => ({
      terraformDir,
      workspace,
      account: LOCAL_ACCOUNT,
      region: world.region,
      partition: LOCAL_PARTITION,
      /** `local.names` of terraform/names.tf. */
      names,
      /** The root variables for the workspace (defaults overridden by workspaces/<workspace>.tfvars). */
      rootVariables: world.root.scope.variables,
      records,
      bucket: roles.bucket,
      table: roles.table,
      queues: { rejectedOrders: roles.rejectedOrders, deadLetter: roles.deadLetter, alertInbox: alertInboxOf(world, roles.salesAlerts) },
      topics: { salesAlerts: roles.salesAlerts, operations: roles.operations },
      // The Standard machine and the Express entry, and the rule that starts each (see entriesOf).
      ...entries,
      /** The states acting on one batch of orders, as rendered into the machine definitions (templates/order-batch.asl.json.tftpl). */
      orderBatchStates,
      /** The schedule and the generator it invokes, or undefined when the workspace declares no schedule (`count = 0`). */
      scheduled,
      validator: roles.validator,
      /** The order-file preparer (the PrepareOrderFile Task). */
      preparer: roles.preparer,
    })),
  );

export type LocalDeployment = FoundBy<typeof deploymentOf>;

/** The size up to which an order file goes to the Express entry: what the small-file rule's pattern template is given. */
export const smallFileMaxBytes = (deployment: LocalDeployment): number | undefined => {
  const value = deployment.smallFileRule.eventPattern.variables['small_file_max_bytes'];
  return typeof value === 'number' ? value : undefined;
};

/**
 * The Terraform-declared world of a workspace (`local` by default), evaluated from the .tf files for account
 * 000000000000: every bucket, table, queue, topic, function, schedule and state machine wherever it is declared, the
 * rules that start the state machines, the definitions and patterns rendered from their templates.
 */
export const localDeployment = (repoRoot: string, options: LocalDeploymentOptions = {}): TE.TaskEither<DeploymentProblem, LocalDeployment> => {
  const workspace = options.workspace ?? LOCAL_WORKSPACE;
  const terraformDir = options.terraformDir ?? join(repoRoot, 'terraform');
  return pipe(
    TE.tryCatch(() => loadTerraformWorld(terraformDir, { workspace, account: LOCAL_ACCOUNT, partition: LOCAL_PARTITION }), hclProblem),
    TE.flatMapEither((world) => deploymentOf(world, terraformDir, workspace)),
  );
};
