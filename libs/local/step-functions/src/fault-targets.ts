import leven from 'leven';
import { allStates, type Definition } from './asl';
import { serviceAction, type FaultRule } from './faults';

/** What a fault rule can aim at in these definitions: the Task actions (`dynamodb:putItem`) and the state names. */
export interface FaultTargets {
  readonly actions: readonly string[];
  readonly states: readonly string[];
}

/** Every state of the definitions (Map processors and Parallel branches included), with each Task's action. */
export const faultTargetsOf = (definitions: readonly Definition[]): FaultTargets => {
  const located = definitions.flatMap((definition) => allStates(definition));
  const actions = located.flatMap(({ state }) => (state.Type === 'Task' && typeof state.Resource === 'string' ? [serviceAction(state.Resource)] : []));
  return { actions: [...new Set(actions)].sort(), states: [...new Set(located.map(({ name }) => name))].sort() };
};

const closest = (wanted: string, candidates: readonly string[]): string | undefined =>
  [...candidates].sort((a, b) => leven(wanted.toLowerCase(), a.toLowerCase()) - leven(wanted.toLowerCase(), b.toLowerCase()))[0];

/**
 * The first rule that aims at nothing in the definitions (a typo in a service action's case, an unknown state), with
 * the closest valid target: such a rule would inject nothing, silently.
 */
export const unknownFaultTarget = (
  rules: readonly FaultRule[],
  targets: FaultTargets,
): { readonly target: string; readonly closest?: string } | undefined => {
  const aims = rules.flatMap((rule) => [
    ...(rule.resource === undefined ? [] : [{ target: serviceAction(rule.resource), valid: targets.actions }]),
    ...(rule.state === undefined ? [] : [{ target: rule.state, valid: targets.states }]),
  ]);
  const miss = aims.find(({ target, valid }) => !valid.includes(target));
  const suggestion = miss && closest(miss.target, miss.valid);
  return miss && { target: miss.target, ...(suggestion === undefined ? {} : { closest: suggestion }) };
};
