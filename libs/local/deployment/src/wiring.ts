import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { compileEventPattern } from '@sales-pipeline/local-events';
import { addressOf, exactlyOne, incomplete, instancesOf, resourcesOfType, stringArgument, type Found, type FoundBy, type Located } from './reading';
import type { FunctionInfo, ScheduleInfo, StateMachineInfo } from './records';
import { render, templateOf, type RenderedTemplate } from './templates';
import type { TerraformWorld } from './terraform-world';

const targetsOf = (world: TerraformWorld) =>
  pipe(
    resourcesOfType(world, 'aws_cloudwatch_event_target'),
    E.flatMap(
      E.traverseArray((located) =>
        pipe(
          E.Do,
          E.bind('rule', () => stringArgument(world, located, 'rule')),
          E.bind('arn', () => stringArgument(world, located, 'arn')),
        ),
      ),
    ),
  );

/** A rule, with the state machines its targets start (a rule is only read when one of its targets is a state machine). */
const ruleOf = (world: TerraformWorld, located: Located, name: string, stateMachineArns: readonly string[]) =>
  pipe(
    templateOf(world, located.instance, located.block.body['event_pattern'], `${addressOf(located)}.event_pattern`, located.repetition),
    E.bindTo('eventPattern'),
    E.bindW('compiled', ({ eventPattern }) => compileEventPattern(eventPattern.text)),
    E.map((rule) => ({ name, stateMachineArns, ...rule })),
  );

export type RuleInfo = FoundBy<typeof ruleOf>;

/** Every rule whose target is one of the state machines (the wiring: the target's arn names the machine), its pattern rendered and compiled. */
export const rulesStarting = (world: TerraformWorld, machines: readonly StateMachineInfo[]): Found<readonly RuleInfo[]> =>
  pipe(
    E.Do,
    E.bind('targets', () => targetsOf(world)),
    E.bind('rules', () => resourcesOfType(world, 'aws_cloudwatch_event_rule')),
    E.flatMap(({ targets, rules }) =>
      pipe(
        rules,
        E.traverseArray((located) =>
          pipe(
            stringArgument(world, located, 'name'),
            E.flatMap((name) => {
              const stateMachineArns = targets.filter((target) => target.rule === name && machines.some((machine) => machine.arn === target.arn)).map((target) => target.arn);
              return stateMachineArns.length === 0 ? E.right([]) : pipe(ruleOf(world, located, name, stateMachineArns), E.map((rule) => [rule]));
            }),
          ),
        ),
        E.map((found) => found.flat()),
      ),
    ),
  );

/** The entries the local run starts: the one Standard machine, the Express machine a rule starts, and the rule of each. */
export const entriesOf = (machines: readonly StateMachineInfo[], rules: readonly RuleInfo[]) => {
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

/** The schedule and the function its target invokes; none when the workspace declares no schedule (e.g. `count = 0`). */
export const scheduledGenerator = (schedules: readonly ScheduleInfo[], functions: readonly FunctionInfo[]): Found<ScheduledGenerator | undefined> => {
  const [schedule, ...others] = schedules;
  if (schedule === undefined) return E.right(undefined);
  if (others.length > 0) return E.left(incomplete(`${schedules.length} aws_scheduler_schedule resources are declared (expected at most one)`));
  return pipe(
    exactlyOne(functions.filter((fn) => fn.arn === schedule.targetArn), `no aws_lambda_function has the ARN ${schedule.targetArn} that ${schedule.address} invokes`),
    E.map((generator) => ({ schedule, generator })),
  );
};

export interface ScheduledGenerator {
  readonly schedule: ScheduleInfo;
  /** The function the schedule invokes. */
  readonly generator: FunctionInfo;
}

/** The function named so (by terraform/names.tf). */
export const functionNamed = (functions: readonly FunctionInfo[], name: string): Found<FunctionInfo> =>
  exactlyOne(functions.filter((fn) => fn.functionName === name), `${functions.filter((fn) => fn.functionName === name).length} aws_lambda_function resources are named ${name} (expected one)`);

/** The states acting on one batch of orders, rendered where the module that renders them into the definitions does. */
export const orderBatchStatesOf = (world: TerraformWorld): Found<RenderedTemplate> => {
  const calls = instancesOf(world).flatMap((instance) =>
    world
      .templatesOf(instance.module)
      .filter((loaded) => loaded.call.templatePath.endsWith('/templates/order-batch.asl.json.tftpl'))
      .map((loaded) => ({ instance, loaded })),
  );
  return pipe(
    exactlyOne(calls, `${calls.length} templatefile calls render templates/order-batch.asl.json.tftpl (expected one)`),
    E.flatMap(({ instance, loaded }) => render(world, instance, loaded)),
  );
};
