import type { LocalDeployment } from '@sales-pipeline/local-deployment';
import { faultTargetsOf, unknownFaultTarget, type Definition, type FaultRule } from '@sales-pipeline/local-step-functions';
import { displaySafe } from '@sales-pipeline/orders-domain';

/** Thrown before anything starts: the rule would inject nothing (its target is no action or state of the templates). */
export class UnknownFaultTarget extends Error {
  override readonly name = 'UnknownFaultTarget';
}

/** Every fault rule aims at an action or a state of the rendered templates (both machines), or this throws. */
export const checkFaultTargets = (deployment: LocalDeployment, rules: readonly FaultRule[]): void => {
  const definitions = [deployment.stateMachine.definition.text, deployment.smallFileStateMachine.definition.text].map((text) => JSON.parse(text) as Definition);
  const unknown = unknownFaultTarget(rules, faultTargetsOf(definitions));
  if (unknown === undefined) return;
  throw new UnknownFaultTarget(
    `--faults: "${displaySafe(unknown.target)}" is no service action or state of the state machines${unknown.closest === undefined ? '' : `; did you mean "${unknown.closest}"?`}`,
  );
};
