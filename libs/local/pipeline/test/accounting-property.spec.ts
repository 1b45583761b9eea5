import { faultRules, parseFaultSpec } from '@sales-pipeline/local-step-functions';
import { isWellFormedText } from '@sales-pipeline/orders-domain';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import type { ExecutionRecord } from '../src';
import { order, overThreshold, startHarness } from './support';

/**
 * The accounting invariant as a property, end to end (the real emulators, the packaged zips, the rendered templates):
 * for any fault campaign, file shape, entry and seed, every order of the file ends exactly once, as stored, rejected,
 * duplicate or failed, and a failed one is on the dead-letter queue; without a fault drawn, none fails, whatever JSON
 * it holds. Few cases here (each is a pipeline run); `npm run soak` is the long form over hundreds of files per seed.
 */
jest.setTimeout(300_000);

const h = startHarness('small');

/** Fault rules of the kind the soak draws from: every service the states call, before and after the call. */
const ruleChoices = [
  'dynamodb:putItem=throttle',
  'dynamodb:putItem=error/after',
  'dynamodb:updateItem=error',
  'dynamodb:getItem=throttle',
  'sns:publish=throttle',
  'sqs:sendMessage=error',
  'lambda:invoke=crash',
  's3:getObject=error:S3.InternalErrorException',
  'MarkOrderAlerted=error:DynamoDB.InternalServerErrorException',
];
const campaign = fc.uniqueArray(
  fc.record({ rule: fc.constantFrom(...ruleChoices), percent: fc.integer({ min: 5, max: 60 }) }).map(({ rule, percent }) => {
    const [target, rest = ''] = rule.split('=');
    const [fault, phase] = rest.split('/');
    return `${target}=${fault}@${percent}%${phase ? `/${phase}` : ''}`;
  }),
  { maxLength: 3, selector: (rule) => rule.split('@')[0] },
);

/** Orders that have broken the pipeline before: prototype keys, ill-formed text, a far-past date, the wrong types. */
const poison = (id: string): readonly string[] => {
  const base = JSON.stringify(order(id, 455)).slice(1, -1);
  return [
    `{${base},"__proto__":{"admin":true}}`,
    `{${base},"constructor":{"name":"x"},"toString":1,"hasOwnProperty":null}`,
    `{${base.replace(`"Widget ${id}"`, `"Widget \\ud800${id}"`)}}`,
    `{${base.replace('2026-11-20T10:00:00Z', '0050-01-01T00:00:00Z')}}`,
    `{${base},"valueOf":"v"}`,
    '"not an order"',
    '[1,{"__proto__":null}]',
  ];
};

type Kind = 'valid' | 'high' | 'invalid' | 'repeat' | 'poison';
const shape = fc.record({
  entry: fc.constantFrom('small', 'standard'),
  kinds: fc.array(fc.constantFrom<Kind>('valid', 'high', 'invalid', 'repeat', 'poison'), { maxLength: 24 }),
  faults: campaign,
  seed: fc.integer({ min: 1, max: 10_000 }),
});

let run = 0;
const fileOf = (kinds: readonly Kind[]): string => {
  run += 1;
  const elements = kinds.map((kind, n): string => {
    const id = `prop-${run}-${n}`;
    switch (kind) {
      case 'valid':
        return JSON.stringify(order(id, 20 + n));
      case 'high':
        return JSON.stringify(order(id, 401 + n));
      case 'invalid':
        return JSON.stringify({ order_id: id, price: -1 });
      case 'repeat':
        return JSON.stringify(order(`prop-${run}-0`, 20));
      case 'poison':
        return poison(id)[n % poison(id).length] ?? 'null';
    }
  });
  return `[${elements.join(',')}]`;
};

const processing = (records: readonly ExecutionRecord[]) => records.filter((record) => !record.handedOver);

describe('every order of a file ends exactly once, under any fault campaign', () => {
  it('holds for random campaigns, file shapes, entries and seeds', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ entry, kinds, faults, seed }) => {
        const pipeline = h.pipeline();
        const parsed = faults.length === 0 ? E.right([]) : parseFaultSpec(faults.join(','));
        if (E.isLeft(parsed)) throw new Error(`the campaign ${faults.join(',')} does not parse`);
        const runners = [pipeline.runner, pipeline.smallFileRunner];
        for (const rule of faultRules(parsed.right, seed)) runners.forEach((runner) => runner.injectFault(rule));
        const injectedBefore = runners.reduce((sum, runner) => sum + runner.counters().faultsInjected, 0);
        try {
          const key = `incoming/property/run-${run + 1}.json`;
          const text = fileOf(kinds);
          const before = pipeline.executions().length;
          await pipeline.upload(key, entry === 'standard' ? overThreshold(pipeline, text) : text);
          await pipeline.settled();
          const records = processing(pipeline.executions().slice(before));
          const injected = runners.reduce((sum, runner) => sum + runner.counters().faultsInjected, 0) - injectedBefore;
          expect(records).toHaveLength(1);
          const [record] = records as [ExecutionRecord];
          const { stored, rejected, duplicate, failed, unreadable } = record.tally;
          expect({ read: record.ordersRead, ended: stored + rejected + duplicate + failed, unreadable }).toEqual({ read: kinds.length, ended: kinds.length, unreadable: 0 });
          expect(record.outcomes.map((outcome) => outcome.index).sort((a, b) => a - b)).toEqual(kinds.map((_, index) => index));
          if (injected === 0) expect({ failed, status: record.result.status }).toEqual({ failed: 0, status: 'SUCCEEDED' });
          if (failed > 0) expect((await h.deadLettersFor(key)).length).toBeGreaterThan(0);
        } finally {
          runners.forEach((runner) => runner.clearFaults());
        }
      }),
      { numRuns: 8 },
    );
  });

  it('poison orders end stored, rejected with reasons or duplicate, never failed; every alert e-mail is well-formed', async () => {
    const key = 'incoming/property/poison.json';
    const records = await h.run(key, `[${[...poison('poison-a'), ...poison('poison-a')].join(',')}]`);
    const [record] = processing(records) as [ExecutionRecord];
    expect(record.tally).toMatchObject({ failed: 0, unreadable: 0 });
    expect(record.tally.stored + record.tally.rejected + record.tally.duplicate).toBe(14);
    const rejections = await h.rejectedMessagesFor(key);
    for (const rejection of rejections) expect((rejection['reasons'] as unknown[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(rejections)).not.toMatch(/ISO-8601/);
    const emails = await h.alertEmailsAbout('Widget');
    for (const email of emails) expect(isWellFormedText(String(email['Message']))).toBe(true);
    expect(await h.deadLettersFor(key)).toEqual([]);
  });
});
