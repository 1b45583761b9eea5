import leven from 'leven';
import type { Definition } from './asl';
import type { FaultRule } from './faults';

const SERVICE_INTEGRATION = /^arn:aws:states:::(?:aws-sdk:)?/;

/** What a fault rule can aim at in these definitions: the Task actions (`dynamodb:putItem`) and the state names. */
export interface FaultTargets {
  readonly actions: readonly string[];
  readonly states: readonly string[];
}

/** Every state (nested Map processors included) of the definitions, with each Task's action. */
export const faultTargetsOf = (definitions: readonly Definition[]): FaultTargets => {
  const actions = new Set<string>();
  const states = new Set<string>();
  const pending: unknown[] = [...definitions];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next === null || typeof next !== 'object') continue;
    const machine = next as { readonly States?: Record<string, Record<string, unknown>> };
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      states.add(name);
      if (state['Type'] === 'Task' && typeof state['Resource'] === 'string') actions.add(state['Resource'].replace(SERVICE_INTEGRATION, ''));
      const nested: unknown[] = [state['ItemProcessor'], state['Iterator'], ...(Array.isArray(state['Branches']) ? state['Branches'] : [])];
      pending.push(...nested.filter((machine) => machine !== undefined));
    }
  }
  return { actions: [...actions].sort(), states: [...states].sort() };
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
  for (const rule of rules) {
    const action = rule.resource?.replace(SERVICE_INTEGRATION, '');
    if (action !== undefined && !targets.actions.includes(action)) {
      const suggestion = closest(action, targets.actions);
      return { target: action, ...(suggestion === undefined ? {} : { closest: suggestion }) };
    }
    if (rule.state !== undefined && !targets.states.includes(rule.state)) {
      const suggestion = closest(rule.state, targets.states);
      return { target: rule.state, ...(suggestion === undefined ? {} : { closest: suggestion }) };
    }
  }
  return undefined;
};
