import { join } from 'node:path';
import { AlertLeaseSeconds, MaxItemsPerBatch } from '@sales-pipeline/order-validation';
import { describeDeploymentProblem, localDeployment } from '@sales-pipeline/local-deployment';
import * as E from 'fp-ts/Either';

/**
 * The Express child's worst case, from the rendered template: every Task on the longest path takes its
 * TimeoutSeconds on every attempt (the first and each retry of every retrier, as if each error came in turn) plus
 * every backoff delay at its full value (FULL jitter never waits longer; MaxDelaySeconds caps it); an inline Map runs
 * its slowest path once per wave, ceil(items / MaxConcurrency) waves over a batch at the validator's cap. A path visits
 * a state at most once (CompareStoredOrder's way back to StoreOrder is taken only when a stored item vanished
 * between two calls). The total must stay under the Express limit of 5 minutes with a margin, for a distributed-Map
 * child and for the small-file entry's whole execution (which runs the same states once per batch, one wave).
 */
const ExpressLimitSeconds = 300;
/** A sixth of the limit to spare (the batch's zone write, 12 s at worst, took it from 80% to 82%). */
const BudgetSeconds = 250;
/** AWS runs at most 40 iterations of an inline Map at once, whatever MaxConcurrency says (0 = as many as possible). */
const InlineMapConcurrencyLimit = 40;

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Retrier {
  readonly MaxAttempts?: number;
  readonly IntervalSeconds?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
}

/** Every delay of a retrier that runs out (ASL defaults: 3 attempts, 1 s, rate 2). */
const delaysOf = (retrier: Retrier): number[] =>
  Array.from({ length: retrier.MaxAttempts ?? 3 }, (_, k) =>
    Math.min((retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** k, retrier.MaxDelaySeconds ?? Infinity),
  );

const taskWorstSeconds = (state: Json): number => {
  const retriers = (state['Retry'] as Retrier[] | undefined) ?? [];
  const timeout = typeof state['TimeoutSeconds'] === 'number' ? state['TimeoutSeconds'] : Infinity;
  const attempts = 1 + retriers.reduce((sum, r) => sum + (r.MaxAttempts ?? 3), 0);
  return attempts * timeout + retriers.flatMap(delaysOf).reduce((sum, d) => sum + d, 0);
};

interface Path {
  readonly seconds: number;
  readonly states: readonly string[];
}

const nextStates = (state: Json): string[] => [
  ...(typeof state['Next'] === 'string' ? [state['Next']] : []),
  ...((state['Choices'] as { Next?: string }[] | undefined) ?? []).flatMap((choice) => (choice.Next ? [choice.Next] : [])),
  ...(typeof state['Default'] === 'string' ? [state['Default']] : []),
  ...((state['Catch'] as { Next?: string }[] | undefined) ?? []).flatMap((catcher) => (catcher.Next ? [catcher.Next] : [])),
];

/** The longest simple path through a machine (or an item processor), with `itemsOf(map)` items reaching each inline Map. */
const longestPath = (machine: Json, itemsOf: (name: string) => number): Path => {
  const states = machine['States'] as Record<string, Json>;
  const ownSeconds = (name: string, state: Json): Path => {
    if (state['Type'] === 'Task') return { seconds: taskWorstSeconds(state), states: [name] };
    if (state['Type'] === 'Wait') return { seconds: Number(state['Seconds'] ?? Infinity), states: [name] };
    if (state['Type'] === 'Map' && isJson(state['ItemProcessor'])) {
      const concurrency = Number(state['MaxConcurrency'] ?? 0);
      const waves = Math.ceil(itemsOf(name) / Math.min(concurrency > 0 ? concurrency : InlineMapConcurrencyLimit, InlineMapConcurrencyLimit));
      const inner = longestPath(state['ItemProcessor'], itemsOf);
      return { seconds: waves * inner.seconds, states: [`${name} (${waves} waves of ${inner.states.join(' → ')})`] };
    }
    return { seconds: 0, states: [] };
  };
  const from = (name: string, visited: ReadonlySet<string>): Path => {
    const state = states[name];
    if (!state) throw new Error(`no state ${name}`);
    const own = ownSeconds(name, state);
    const after = nextStates(state)
      .filter((next) => !visited.has(next))
      .map((next) => from(next, new Set([...visited, next])))
      .reduce<Path>((longest, path) => (path.seconds > longest.seconds ? path : longest), { seconds: 0, states: [] });
    return { seconds: own.seconds + after.seconds, states: [...own.states, ...after.states] };
  };
  const start = String(machine['StartAt']);
  return from(start, new Set([start]));
};

/** The definitions as Terraform renders them for prod (their templatefile calls and variables, evaluated from the .tf files). */
const renderedDefinitions = async (repoRoot: string): Promise<{ readonly standard: Json; readonly smallFile: Json }> => {
  const deployment = await localDeployment(repoRoot, { workspace: 'prod' })();
  if (E.isLeft(deployment)) throw new Error(describeDeploymentProblem(deployment.left));
  return {
    standard: JSON.parse(deployment.right.stateMachine.definition.text) as Json,
    smallFile: JSON.parse(deployment.right.smallFileStateMachine.definition.text) as Json,
  };
};

const childOf = (definition: Json): Json => {
  const states = Object.values(definition['States'] as Record<string, Json>);
  const distributed = states.find((state) => isJson(state['ItemProcessor']) && (state['ItemProcessor'] as Json)['ProcessorConfig'] !== undefined && ((state['ItemProcessor'] as Json)['ProcessorConfig'] as Json)['Mode'] === 'DISTRIBUTED');
  if (!distributed) throw new Error('no distributed Map');
  return distributed as Json;
};

describe("an Express child's worst case fits its 5 minutes", () => {
  let definition: Json;
  let smallFile: Json;
  beforeAll(async () => {
    ({ standard: definition, smallFile } = await renderedDefinitions(join(__dirname, '..', '..')));
  }, 60_000);

  it('counts a Task as attempts × TimeoutSeconds plus its backoff, capped by MaxDelaySeconds', () => {
    expect(taskWorstSeconds({ TimeoutSeconds: 3, Retry: [{ MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 2, MaxDelaySeconds: 2 }] })).toBe(3 * 3 + 1 + 2);
    expect(taskWorstSeconds({ TimeoutSeconds: 10, Retry: [{ MaxAttempts: 4, IntervalSeconds: 1, BackoffRate: 2, MaxDelaySeconds: 10 }] })).toBe(5 * 10 + 1 + 2 + 4 + 8);
    expect(taskWorstSeconds({ Retry: [] })).toBe(Infinity);
  });

  it('every Task of the child has a TimeoutSeconds', () => {
    const child = childOf(definition)['ItemProcessor'] as Json;
    const tasks: [string, Json][] = [];
    const collect = (machine: Json) => {
      for (const [name, state] of Object.entries(machine['States'] as Record<string, Json>)) {
        if (state['Type'] === 'Task') tasks.push([name, state]);
        if (isJson(state['ItemProcessor'])) collect(state['ItemProcessor']);
      }
    };
    collect(child);
    expect(tasks.filter(([, state]) => typeof state['TimeoutSeconds'] !== 'number').map(([name]) => name)).toEqual([]);
  });

  it(`the longest path through one child at the batch cap (${MaxItemsPerBatch} orders) stays under ${BudgetSeconds} s (of the Express limit of ${ExpressLimitSeconds} s)`, () => {
    const map = childOf(definition);
    const batcher = map['ItemBatcher'] as Json;
    expect(Number(batcher['MaxItemsPerBatch'])).toBeLessThanOrEqual(MaxItemsPerBatch);
    const path = longestPath(map['ItemProcessor'] as Json, () => MaxItemsPerBatch);
    console.log(`longest child path: ${path.seconds} s\n  ${path.states.join('\n  → ')}`);
    expect(path.seconds).toBeLessThanOrEqual(BudgetSeconds);
  });

  it("the small-file entry's whole path (read, batch, one wave of batches of one StoreVerdicts wave each, dead-letter) stays under the same budget", () => {
    const states = smallFile['States'] as Record<string, Json>;
    const processBatches = states['ProcessBatches'] as Json;
    const batchOrderFile = states['BatchOrderFile'] as Json;
    const payload = (batchOrderFile['Parameters'] as Json)['Payload'] as Json;
    // The validator hands a file of more batches than one wave to the Standard machine, and batches at the distributed Map's caps.
    expect(payload['MaxBatches']).toBe(processBatches['MaxConcurrency']);
    const storeVerdicts = ((processBatches['ItemProcessor'] as Json)['States'] as Record<string, Json>)['StoreVerdicts'] as Json;
    expect(payload['MaxItemsAtOnce']).toBe(storeVerdicts['MaxConcurrency']);
    expect(payload['MaxItemsPerBatch']).toBe((childOf(definition)['ItemBatcher'] as Json)['MaxItemsPerBatch']);
    expect(Number(processBatches['MaxConcurrency'])).toBeLessThanOrEqual(InlineMapConcurrencyLimit);
    expect(processBatches['ItemProcessor']).toMatchObject({ States: (childOf(definition)['ItemProcessor'] as Json)['States'] });
    const perBatch = Math.min(Number(payload['MaxItemsPerBatch']), Number(payload['MaxItemsAtOnce']));
    const path = longestPath(smallFile, (name) => (name === 'ProcessBatches' ? Number(processBatches['MaxConcurrency']) : perBatch));
    console.log(`longest small-file path: ${path.seconds} s\n  ${path.states.join('\n  → ')}`);
    expect(path.seconds).toBeLessThanOrEqual(BudgetSeconds);
  });

  it("every Task of the small-file entry has a TimeoutSeconds", () => {
    const tasks: [string, Json][] = [];
    const collect = (machine: Json) => {
      for (const [name, state] of Object.entries(machine['States'] as Record<string, Json>)) {
        if (state['Type'] === 'Task') tasks.push([name, state]);
        if (isJson(state['ItemProcessor'])) collect(state['ItemProcessor']);
      }
    };
    collect(smallFile);
    expect(tasks.filter(([, state]) => typeof state['TimeoutSeconds'] !== 'number').map(([name]) => name)).toEqual([]);
  });

  it("the alert lease outlasts a child's whole life, so a running child's claim is never taken over", () => {
    expect(AlertLeaseSeconds).toBeGreaterThan(ExpressLimitSeconds);
  });
});
