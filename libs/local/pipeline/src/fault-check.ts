import type { LocalDeployment } from '@sales-pipeline/local-deployment';
import { faultTargetsOf, unknownFaultTarget, type Definition, type FaultRule } from '@sales-pipeline/local-step-functions';
import { displaySafe } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import type { StartProblem } from './start-problem';

/** Every fault rule aims at an action or a state of the rendered templates (both machines); checked before anything starts. */
export const checkFaultTargets = (deployment: LocalDeployment, rules: readonly FaultRule[]): E.Either<StartProblem, LocalDeployment> => {
  const definitions = [deployment.stateMachine.definition.text, deployment.smallFileStateMachine.definition.text].map((text) => JSON.parse(text) as Definition);
  const unknown = unknownFaultTarget(rules, faultTargetsOf(definitions));
  return unknown === undefined
    ? E.right(deployment)
    : E.left({
        _tag: 'UnknownFaultTarget',
        message: `--faults: "${displaySafe(unknown.target)}" is no service action or state of the state machines${unknown.closest === undefined ? '' : `; did you mean "${unknown.closest}"?`}`,
      });
};
