import type { Definition } from '@sales-pipeline/local-step-functions';

type Catcher = { readonly ErrorEquals: readonly string[]; readonly Next: string };
const catchersOf = (state: Readonly<Record<string, unknown>> | undefined): readonly Catcher[] =>
  Array.isArray(state?.['Catch']) ? (state['Catch'] as Catcher[]) : [];
const nextOf = (state: Readonly<Record<string, unknown>> | undefined): string | undefined =>
  typeof state?.['Next'] === 'string' ? state['Next'] : undefined;

/**
 * The error of the Fail state a rejected file ends its execution in: the first Fail state after the distributed
 * Map's Catch of States.ItemReaderFailed, read from the definition so the ASL template stays its one source.
 */
export const fileRejectedError = (definition: Definition): string | undefined => {
  const states = definition.States;
  const catcher = Object.values(states)
    .flatMap(catchersOf)
    .find((rule) => rule.ErrorEquals.includes('States.ItemReaderFailed'));
  const visited = new Set<string>();
  for (let name = catcher?.Next; name !== undefined && !visited.has(name); name = nextOf(states[name])) {
    visited.add(name);
    const state = states[name];
    if (state?.Type === 'Fail') return typeof state['Error'] === 'string' ? state['Error'] : undefined;
  }
  return undefined;
};
