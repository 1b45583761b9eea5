import { relative, resolve } from 'node:path';
import { localStateLayout } from '@sales-pipeline/analytics-engines';
import { DeadLetterKinds, type DeadLetterKind } from '@sales-pipeline/operations';
import { localEndpointsFile, localRunDir } from '@sales-pipeline/pipeline-contracts';
import { parseCommandLine, tolerateClosedOutput } from '@sales-pipeline/cli-commander';
import { Command, InvalidArgumentError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { dlqList, dlqRedrive, dlqShow, executionsListFailed, ordersGet, rejectedList, type Output } from './commands';
import { readLocalEndpoints } from './local-endpoints';
import { reconcileZone } from './reconcile-command';
import { describeOpsError, ExitCode, exitCodeOf, exitCodesHelp, type OpsError } from './ops-error';
import { connect, resolveTarget, type Connections, type Target } from './target';

tolerateClosedOutput();

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** The workspace root: this file is bundled to dist/apps/pipeline-ops/main.js. */
const repoRoot = process.env['SALES_PIPELINE_ROOT'] ?? resolve(__dirname, '..', '..', '..');

interface GlobalOptions {
  readonly local?: boolean;
  readonly endpoints: string;
  readonly workspace?: string;
  readonly json?: boolean;
}

type Run = (target: Target, connections: Connections) => TE.TaskEither<OpsError, Output>;

const usesCustomEndpoint = () => Object.keys(process.env).some((name) => name.startsWith('AWS_ENDPOINT_URL'));

/** `--local` takes the standard AWS environment the endpoints file gives for the emulators; everything reads that environment. */
const prepare = (options: GlobalOptions): TE.TaskEither<OpsError, Target> => {
  const local = options.local === true;
  const environment: TE.TaskEither<OpsError, Pick<Target, 'endpointsFile' | 'zoneDir'>> = local
    ? pipe(
        readLocalEndpoints(options.endpoints),
        TE.map((endpoints) => {
          Object.assign(process.env, endpoints.environment);
          return { endpointsFile: options.endpoints, ...(endpoints.zoneDir === undefined ? {} : { zoneDir: endpoints.zoneDir }) };
        }),
      )
    : TE.right({});
  const workspace = options.workspace ?? (local || usesCustomEndpoint() ? 'local' : undefined);
  return pipe(
    environment,
    TE.flatMap((kept) =>
      workspace === undefined
        ? TE.left<OpsError>({ _tag: 'TerraformUnreadable', message: 'no workspace: pass --workspace (or set TF_WORKSPACE), or --local' })
        : pipe(
            resolveTarget(repoRoot, workspace, local || usesCustomEndpoint()),
            TE.map((target): Target => ({ ...target, ...kept })),
          ),
    ),
  );
};

let exitCode: number = ExitCode.ok;

const action = (command: Command, run: Run) => async () => {
  const options = command.optsWithGlobals<GlobalOptions>();
  const result = await pipe(
    prepare(options),
    TE.flatMap((target) => run(target, connect(target))),
  )();
  if (E.isLeft(result)) {
    process.stderr.write(`ops: ${describeOpsError(result.left)}\n`);
    exitCode = exitCodeOf(result.left);
    return;
  }
  process.stdout.write(options.json ? `${JSON.stringify(result.right.json, null, 2)}\n` : result.right.lines.map((line) => `${line}\n`).join(''));
  exitCode = result.right.exitCode;
};

const kinds = (value: string, previous: DeadLetterKind[] | undefined): DeadLetterKind[] => {
  const kind = DeadLetterKinds.find((candidate) => candidate === value);
  if (kind === undefined) throw new InvalidArgumentError(`must be one of ${DeadLetterKinds.join(', ')}`);
  return [...(previous ?? []), kind];
};

const program = new Command('ops')
  .description('Inspect and redrive the sales pipeline: dead letters, rejected orders, stored orders, failed executions.')
  .option('--local', 'use the local pipeline of `npm start -- --keep` (its endpoints file)')
  .option('--endpoints <file>', 'the local endpoints file', localEndpointsFile(localRunDir(repoRoot)))
  .addOption(new Option('--workspace <name>', 'the Terraform workspace whose resources to use (names from terraform/names.tf)').env('TF_WORKSPACE'))
  .option('--json', 'print one JSON document instead of text')
  .showHelpAfterError()
  .addHelpText(
    'after',
    `
Commands in full:
  dlq list                               every dead letter, typed, with its error and what a redrive will do
  dlq show <id>                          one dead letter
  dlq redrive [--type <type>] [--dry-run] replay them; delete each only after its replay was accepted
  rejected list [--file <key>]           the reasons per rejected order or file
  orders get <order-id>                  one stored order, contact info withheld
  executions list --failed               the state machine's failed executions (locally: with --local, those of the
                                         kept npm start, from the file beside its endpoints file)
  reconcile [--from DATE] [--to DATE]    the analytics zone against the orders table (Athena on AWS: --workgroup, --database)

Against AWS: the standard credential chain and region (AWS_PROFILE, AWS_REGION, …) and --workspace.
Locally: --local (or AWS_ENDPOINT_URL_*; workspace local).
${exitCodesHelp}`,
  );

const dlq = program.command('dlq').description('the dead-letter queue');
const dlqListCommand = dlq.command('list').description('every dead letter: what produced it, its error, what a redrive will do');
dlqListCommand.action(action(dlqListCommand, dlqList));
const dlqShowCommand = dlq.command('show').argument('<id>', 'the message id (from dlq list)').description('one dead letter in full, without order content');
dlqShowCommand.action((id: string) => action(dlqShowCommand, (target, connections) => dlqShow(target, connections, id))());
const dlqRedriveCommand = dlq
  .command('redrive')
  .description('replay every dead letter the way its producer needs; delete each only after its replay was accepted')
  .option('--type <type>', `only this type (repeatable): ${DeadLetterKinds.join(', ')}`, kinds)
  .option('--dry-run', 'say what would be replayed; change nothing');
dlqRedriveCommand.action(() => {
  const { type, dryRun } = dlqRedriveCommand.opts<{ type?: DeadLetterKind[]; dryRun?: boolean }>();
  return action(dlqRedriveCommand, (target, connections) => dlqRedrive(target, connections, { dryRun: dryRun === true, ...(type ? { kinds: type } : {}) }))();
});

const rejected = program.command('rejected').description('the rejected-orders queue');
const rejectedListCommand = rejected.command('list').description('the reasons per rejected order or file (no order content, no contact info)').option('--file <key>', 'only this file (its S3 key)');
rejectedListCommand.action(() => action(rejectedListCommand, (target, connections) => rejectedList(target, connections, rejectedListCommand.opts<{ file?: string }>().file))());

const orders = program.command('orders').description('the orders table');
const ordersGetCommand = orders.command('get').argument('<order-id>').description('one stored order; its contact info is withheld');
ordersGetCommand.action((orderId: string) => action(ordersGetCommand, (target, connections) => ordersGet(target, connections, orderId))());

const executions = program.command('executions').description("the state machine's executions");
const executionsListCommand = executions.command('list').description('executions of the state machine').requiredOption('--failed', 'the failed ones (the only listing so far)');
executionsListCommand.action(action(executionsListCommand, (_target, connections) => executionsListFailed(connections)));

const reconcileCommand = program
  .command('reconcile')
  .description('compare the analytics zone with the orders table: per sale day (count, revenue), then the order ids either side lacks')
  .option('--from <date>', 'first sale day, YYYY-MM-DD', '0001-01-01')
  .option('--to <date>', 'last sale day, YYYY-MM-DD', '9999-12-31')
  .option('--zone <dir>', `the local analytics zone (with --local; default: the kept pipeline's, else ${relative(process.cwd(), localStateLayout(repoRoot).zoneDir)})`)
  .addOption(new Option('--workgroup <name>', 'on AWS: the Athena workgroup (terraform output analytics_workgroup)').env('ANALYTICS_WORKGROUP'))
  .addOption(new Option('--database <name>', 'on AWS: the Glue database (terraform output analytics_database)').env('ANALYTICS_DATABASE'));
reconcileCommand.action(() => {
  const { from, to, zone, workgroup, database } = reconcileCommand.opts<{ from: string; to: string; zone?: string; workgroup?: string; database?: string }>();
  return action(reconcileCommand, (target) =>
    reconcileZone(target, {
      range: { from, to },
      zone: zone ?? target.zoneDir ?? localStateLayout(repoRoot).zoneDir,
      ...(workgroup === undefined ? {} : { workgroup }),
      ...(database === undefined ? {} : { database }),
    }),
  )();
});

const main = async () => {
  const parsed = await parseCommandLine(program);
  process.exitCode = E.isLeft(parsed) ? parsed.left : exitCode;
};

void main();
