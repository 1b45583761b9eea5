import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { createHash } from 'node:crypto';
import { internalError, type Fault, type FaultRule } from './faults';

/**
 * A fault campaign written on one line, e.g. `dynamodb:putItem=throttle@10%,sns:publish=error@5%/after,lambda:invoke=crash@2%`:
 * comma-separated rules `TARGET=FAULT[@SHARE][/PHASE]`.
 * - TARGET: a Task's service action (`dynamodb:putItem`, `sqs:sendMessage`, `sns:publish`, `lambda:invoke`,
 *   `dynamodb:updateItem`, `dynamodb:getItem`, `s3:getObject`) or a state name (no colon).
 * - FAULT: `throttle` (the service's throttling error), `error` (the service's internal error), `error:<Name>` (any
 *   error name, e.g. `error:DynamoDB.ValidationException`), `crash` (Lambda.Unknown) or `function-error` (the
 *   function throws).
 * - SHARE: how many matching calls fail, `10%` or `0.1` (default: every one); drawn from a generator seeded by the
 *   campaign's seed, so a campaign's mix of faults is reproducible (which call draws which depends on timing).
 * - PHASE: `before` (default: the call never reaches the service) or `after` (the service did the work, the answer
 *   is lost).
 */
export type FaultSpecError = { readonly _tag: 'InvalidFaultRule'; readonly rule: string; readonly problem: string };

/** A rule as written: the runner's FaultRule, its `when` still a share of the matching calls (drawn by faultRules). */
export interface ParsedFaultRule extends Pick<FaultRule, 'resource' | 'state'> {
  readonly fault: Fault;
  readonly share: number;
  readonly phase: 'before' | 'after';
}

const RULE = /^([A-Za-z0-9_.-]+(?::[A-Za-z0-9]+)?)=([a-z-]+)(?::([A-Za-z0-9_.]+))?(?:@([0-9.]+%?))?(?:\/(before|after))?$/;

const invalid = (rule: string, problem: string): E.Either<FaultSpecError, never> => E.left({ _tag: 'InvalidFaultRule', rule, problem });

const parseShare = (rule: string, text: string | undefined): E.Either<FaultSpecError, number> => {
  if (text === undefined) return E.right(1);
  const share = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  return Number.isFinite(share) && share > 0 && share <= 1 ? E.right(share) : invalid(rule, `the share "${text}" is not between 0 (excluded) and 100%`);
};

const parseFault = (rule: string, target: string, kind: string, name: string | undefined): E.Either<FaultSpecError, Fault> => {
  const service = target.includes(':') ? target.split(':')[0] : undefined;
  const lambdaOnly = (fault: Fault) =>
    service === undefined || service === 'lambda' ? E.right(fault) : invalid(rule, `"${kind}" applies to lambda:invoke only`);
  switch (kind) {
    case 'throttle':
      return E.right({ kind: 'throttle' });
    case 'error': {
      const error = name ?? (service === undefined ? undefined : internalError(service));
      return error === undefined
        ? invalid(rule, 'name the error (error:<Name>) for a state or an unknown service')
        : E.right({ kind: 'serviceError', error });
    }
    case 'crash':
      return lambdaOnly({ kind: 'crash' });
    case 'function-error':
      return lambdaOnly({ kind: 'functionError' });
    default:
      return invalid(rule, `unknown fault "${kind}" (throttle, error, error:<Name>, crash, function-error)`);
  }
};

const parseRule = (rule: string): E.Either<FaultSpecError, ParsedFaultRule> => {
  const match = RULE.exec(rule);
  if (!match) return invalid(rule, 'expected TARGET=FAULT[@SHARE][/PHASE], e.g. dynamodb:putItem=throttle@10%');
  const [, target = '', kind = '', name, share, phase] = match;
  return pipe(
    E.Do,
    E.bind('fault', () => parseFault(rule, target, kind, name)),
    E.bind('share', () => parseShare(rule, share)),
    E.map(({ fault, share }) => ({
      ...(target.includes(':') ? { resource: target } : { state: target }),
      fault,
      share,
      phase: phase === 'after' ? 'after' : 'before',
    })),
  );
};

export const parseFaultSpec = (spec: string): E.Either<FaultSpecError, readonly ParsedFaultRule[]> =>
  pipe(
    spec.split(',').map((rule) => rule.trim()).filter((rule) => rule !== ''),
    E.fromPredicate(
      (rules) => rules.length > 0,
      (): FaultSpecError => ({ _tag: 'InvalidFaultRule', rule: spec, problem: 'no rule given' }),
    ),
    E.flatMap(A.traverse(E.Applicative)(parseRule)),
  );

/** The n-th draw in [0, 1) of a seeded sequence: one campaign and seed give one sequence of draws. */
export const seededDraw = (seed: number, n: number): number =>
  createHash('sha256').update(`${seed}:${n}`).digest().readUInt32BE(0) / 2 ** 32;

const seededDraws = (seed: number): (() => number) => {
  let drawn = 0;
  return () => seededDraw(seed, (drawn += 1));
};

/** The runner's fault rules for a parsed campaign: each rule fails its share of the matching calls. */
export const faultRules = (rules: readonly ParsedFaultRule[], seed: number): readonly FaultRule[] => {
  const draw = seededDraws(seed);
  return rules.map(({ share, ...rule }): FaultRule => (share < 1 ? { ...rule, when: () => draw() < share } : rule));
};

export const describeFaultSpecError = (error: FaultSpecError): string => `--faults: "${error.rule}": ${error.problem}.`;
