import { BlockList, isIP } from 'node:net';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';

/**
 * EventBridge event-pattern matching, after AWS's "Event patterns", "Comparison operators" and "Content filtering"
 * documentation and the semantics of aws/event-ruler (the engine behind them):
 * - fields AND, values in a field's array OR; `$or` (at least two objects) ORs whole sub-patterns;
 * - an event's value that is an array matches when any of its elements matches (non-empty intersection);
 * - the matchers work on leaves (strings, numbers, booleans, null); an object in the event is not a leaf, so
 *   `exists: true` does not match it and `exists: false` does;
 * - an array of objects in the event matches a nested pattern when one of its elements matches all of it.
 * Patterns are compiled once; an invalid pattern is refused with event-ruler's reason.
 */

export type InvalidEventPattern = { readonly _tag: 'InvalidEventPattern'; readonly path: string; readonly reason: string };

type Leaf = string | number | boolean | null;

const isLeaf = (value: unknown): value is Leaf => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Whether one leaf of the event matches one value of the pattern. */
type LeafTest = (leaf: Leaf) => boolean;

/** One value of a field's array: a test of the event's leaves, or `exists`, which is about the field as a whole. */
type Matcher = { readonly exists: boolean } | { readonly test: LeafTest };

type FieldRule =
  | { readonly kind: 'leaf'; readonly name: string; readonly matchers: readonly Matcher[] }
  | { readonly kind: 'object'; readonly name: string; readonly pattern: CompiledPattern };

export interface CompiledPattern {
  readonly fields: readonly FieldRule[];
  /** Each entry is one `$or`: the pattern matches when one of its branches matches. */
  readonly ors: readonly (readonly CompiledPattern[])[];
}

const OR = '$or';
const stringOperators = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;
type StringOperator = (typeof stringOperators)[number];
/** Every operator name: event-ruler refuses them as field names inside `$or`. */
const reservedInOr = new Set([...stringOperators, 'anything-but', 'cidr', 'exists', 'numeric']);

type Compiled<A> = E.Either<InvalidEventPattern, A>;

const invalid = (path: string, reason: string): InvalidEventPattern => ({ _tag: 'InvalidEventPattern', path: path || '(pattern)', reason });

const fail = <A = never>(path: string, reason: string): Compiled<A> => E.left(invalid(path, reason));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

const equals = (value: Leaf): LeafTest => (leaf) => leaf === value;

// ---------------------------------------------------------------- compile

type CompiledEntry = { readonly kind: 'field'; readonly rule: FieldRule } | { readonly kind: 'or'; readonly branches: readonly CompiledPattern[] };

const compileObject = (pattern: Record<string, unknown>, path: string, insideOr: boolean): Compiled<CompiledPattern> => {
  const entries = Object.entries(pattern);
  if (entries.length === 0) return fail(path, 'Empty objects are not allowed');
  return pipe(
    entries,
    E.traverseArray(([name, value]) => compileEntry(name, value, join(path, name), insideOr)),
    E.map((compiled) => ({
      fields: compiled.flatMap((entry) => (entry.kind === 'field' ? [entry.rule] : [])),
      ors: compiled.flatMap((entry) => (entry.kind === 'or' ? [entry.branches] : [])),
    })),
  );
};

const compileEntry = (name: string, value: unknown, path: string, insideOr: boolean): Compiled<CompiledEntry> => {
  if (insideOr && reservedInOr.has(name)) return fail(path, `${name} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
  if (name === OR && Array.isArray(value)) return pipe(compileOr(value, path), E.map((branches): CompiledEntry => ({ kind: 'or', branches })));
  if (Array.isArray(value)) return pipe(compileValues(value, path), E.map((matchers): CompiledEntry => ({ kind: 'field', rule: { kind: 'leaf', name, matchers } })));
  if (isObject(value)) return pipe(compileObject(value, path, false), E.map((pattern): CompiledEntry => ({ kind: 'field', rule: { kind: 'object', name, pattern } })));
  return fail(path, `"${name}" must be an object or an array`);
};

const compileOr = (branches: readonly unknown[], path: string): Compiled<readonly CompiledPattern[]> =>
  branches.length < 2
    ? fail(path, `There must have at least 2 Objects in ${OR} relationship.`)
    : pipe(
        branches,
        E.traverseArrayWithIndex((index, branch) =>
          isObject(branch) ? compileObject(branch, `${path}[${index}]`, true) : fail<CompiledPattern>(`${path}[${index}]`, `Only JSON object is allowed in array of ${OR} relationship.`),
        ),
      );

const compileValues = (values: readonly unknown[], path: string): Compiled<readonly Matcher[]> =>
  values.length === 0
    ? fail(path, 'Empty arrays are not allowed')
    : pipe(
        values,
        E.traverseArray((value) =>
          isObject(value)
            ? compileExpression(value, path)
            : isLeaf(value)
              ? E.right<InvalidEventPattern, Matcher>({ test: equals(value) })
              : fail<Matcher>(path, 'Match value must be String, number, true, false, or null'),
        ),
      );

const onlyKey = (expression: Record<string, unknown>, path: string): Compiled<readonly [string, unknown]> => {
  const [first, ...others] = Object.entries(expression);
  if (first === undefined) return fail(path, 'Match expression name not found');
  return others.length > 0 ? fail(path, 'Only one key allowed in match expression') : E.right(first);
};

const stringOperand = (value: unknown, path: string, what: string): Compiled<string> =>
  typeof value === 'string' ? E.right(value) : fail(path, `${what} match pattern must be a string`);

/** `{ exists: bool }` is about the field; every other operator tests the field's leaves. */
const compileExpression = (expression: Record<string, unknown>, path: string): Compiled<Matcher> =>
  pipe(
    onlyKey(expression, path),
    E.flatMap(([type, operand]): Compiled<Matcher> => {
      if (type !== 'exists') return pipe(compileOperator(type, operand, path), E.map((test) => ({ test })));
      return typeof operand === 'boolean' ? E.right({ exists: operand }) : fail(path, 'exists match pattern must be either true or false.');
    }),
  );

const compileOperator = (type: string, operand: unknown, path: string): Compiled<LeafTest> => {
  switch (type) {
    case 'prefix':
    case 'suffix':
      return compileAffix(type, operand, path);
    case 'equals-ignore-case':
    case 'wildcard':
      return pipe(
        stringOperand(operand, path, type),
        E.flatMap((text) => stringTest(type, text, path)),
      );
    case 'numeric':
      return compileNumeric(operand, path);
    case 'cidr':
      return pipe(
        stringOperand(operand, path, 'cidr'),
        E.flatMap((text) => cidrTest(text, path)),
      );
    case 'anything-but':
      return pipe(
        excludedBy(operand, path),
        E.map((excluded) => (leaf: Leaf) => !excluded.some((test) => test(leaf))),
      );
    default:
      return fail(path, `Unrecognized match type ${type}`);
  }
};

/** A prefix or suffix, case-sensitive, or ignoring case when the pattern says `{ "equals-ignore-case": text }`. */
const affixTest = (kind: 'prefix' | 'suffix', text: string, ignoreCase: boolean): LeafTest => {
  const fold = (value: string): string => (ignoreCase ? value.toLowerCase() : value);
  const wanted = fold(text);
  return (leaf) => typeof leaf === 'string' && (kind === 'prefix' ? fold(leaf).startsWith(wanted) : fold(leaf).endsWith(wanted));
};

const compileAffix = (kind: 'prefix' | 'suffix', operand: unknown, path: string): Compiled<LeafTest> => {
  if (typeof operand === 'string') return E.right(affixTest(kind, operand, false));
  if (!isObject(operand)) return fail(path, `${kind} match pattern must be a string`);
  return pipe(
    onlyKey(operand, path),
    E.flatMap(([option, value]) =>
      option === 'equals-ignore-case' ? stringOperand(value, path, 'equals-ignore-case') : fail<string>(path, `Unsupported ${kind} pattern: ${option}`),
    ),
    E.map((text) => affixTest(kind, text, true)),
  );
};

/** What `anything-but` excludes: a value, a list of values, or one string operator. */
const excludedBy = (operand: unknown, path: string): Compiled<readonly LeafTest[]> => {
  if (typeof operand === 'string' || typeof operand === 'number') return E.right([equals(operand)]);
  if (Array.isArray(operand)) return anythingButList(operand, path);
  if (isObject(operand)) return pipe(onlyKey(operand, path), E.flatMap(([type, value]) => anythingButOperator(type, value, path)));
  return fail(path, 'Value of anything-but must be an array or single string/number value.');
};

const anythingButList = (operand: readonly unknown[], path: string): Compiled<readonly LeafTest[]> => {
  if (operand.length === 0) return fail(path, 'Empty arrays are not allowed');
  const values = operand.flatMap((value) => (typeof value === 'string' || typeof value === 'number' ? [value] : []));
  if (values.length < operand.length) return fail(path, 'Inside anything but list, start|null|boolean is not supported.');
  const allStrings = values.every((value) => typeof value === 'string');
  const allNumbers = values.every((value) => typeof value === 'number');
  if (!allStrings && !allNumbers) return fail(path, 'Inside anything but list, either all values are number or string, mixed type is not supported');
  return E.right(values.map(equals));
};

const stringOperands = (value: unknown, path: string, what: string): Compiled<readonly string[]> => {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  return list.length === 0 ? fail(path, 'Empty arrays are not allowed') : pipe(list, E.traverseArray((item) => stringOperand(item, path, what)));
};

const isStringOperator = (type: string): type is StringOperator => (stringOperators as readonly string[]).includes(type);

/** The test of a string operator on one operand (prefix and suffix case-sensitive). */
const stringTest = (type: StringOperator, text: string, path: string): Compiled<LeafTest> => {
  if (type === 'wildcard') return pipe(wildcardRegex(text, path), E.map((regex) => (leaf: Leaf) => typeof leaf === 'string' && regex.test(leaf)));
  if (type === 'equals-ignore-case') return E.right((leaf) => typeof leaf === 'string' && leaf.toLowerCase() === text.toLowerCase());
  return E.right(affixTest(type, text, false));
};

const anythingButOperator = (type: string, value: unknown, path: string): Compiled<readonly LeafTest[]> =>
  isStringOperator(type)
    ? pipe(stringOperands(value, path, type), E.flatMap(E.traverseArray((text) => stringTest(type, text, path))))
    : fail(path, `Unsupported anything-but pattern: ${type}`);

/** The comparisons of `numeric`: the event's number against the pattern's. */
const comparisons = new Map<unknown, (leaf: number, bound: number) => boolean>([
  ['=', (leaf, bound) => leaf === bound],
  ['<', (leaf, bound) => leaf < bound],
  ['<=', (leaf, bound) => leaf <= bound],
  ['>', (leaf, bound) => leaf > bound],
  ['>=', (leaf, bound) => leaf >= bound],
]);

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `[operator, n]`, or a range `[">" | ">=", low, "<" | "<=", high]`. */
const compileNumeric = (operand: unknown, path: string): Compiled<LeafTest> => {
  if (!Array.isArray(operand)) return fail(path, 'Value of numeric must be an array.');
  const terms: readonly unknown[] = operand;
  const [operator, low, upperOperator, high] = terms;
  if (typeof operator !== 'string') return fail(path, `Invalid member in numeric match: ${JSON.stringify(operator)}`);
  const lower = comparisons.get(operator);
  if (lower === undefined) return fail(path, `Unrecognized numeric range operator: ${operator}`);
  if (operator !== '>' && operator !== '>=' && terms.length > 2) return fail(path, 'Too many elements in numeric expression');
  if (!isFiniteNumber(low)) return fail(path, `Value of ${operator} must be numeric`);
  if (terms.length <= 2) return E.right((leaf) => typeof leaf === 'number' && lower(leaf, low));
  const upper = upperOperator === '<' || upperOperator === '<=' ? comparisons.get(upperOperator) : undefined;
  if (upper === undefined) return fail(path, `Bad numeric range operator: ${String(upperOperator)}`);
  if (terms.length > 4) return fail(path, 'Too many terms in numeric range expression');
  if (!isFiniteNumber(high)) return fail(path, `Value of ${String(upperOperator)} must be numeric`);
  if (low >= high) return fail(path, 'Bottom must be less than top');
  return E.right((leaf) => typeof leaf === 'number' && lower(leaf, low) && upper(leaf, high));
};

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash; `**` is refused. */
const wildcardRegex = (wildcard: string, path: string): Compiled<RegExp> => {
  let source = '';
  for (let index = 0; index < wildcard.length; index++) {
    const char = wildcard.charAt(index);
    if (char === '\\') {
      const next = wildcard[index + 1];
      if (next !== '*' && next !== '\\') return fail(path, `Invalid escape in wildcard pattern "${wildcard}": only \\* and \\\\ are allowed`);
      source += `\\${next}`;
      index++;
    } else if (char === '*') {
      if (wildcard[index + 1] === '*') return fail(path, `Consecutive wildcard characters at pos ${index + 1} in "${wildcard}" are not allowed`);
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return E.right(new RegExp(`^${source}$`, 's'));
};

/** An IPv4 or IPv6 range (an address alone is a range of one): a leaf matches an address of the same version in it. */
const cidrTest = (cidr: string, path: string): Compiled<LeafTest> => {
  const [address = '', bits, ...rest] = cidr.split('/');
  const version = isIP(address);
  const width = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : /^\d+$/.test(bits) ? Number(bits) : NaN;
  if (version === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix > width) return fail(path, `Nonstandard IP address: ${cidr}`);
  const type = version === 4 ? 'ipv4' : 'ipv6';
  const range = new BlockList();
  range.addSubnet(address, prefix, type);
  return E.right((leaf) => typeof leaf === 'string' && isIP(leaf) === version && range.check(leaf, type));
};

// ---------------------------------------------------------------- match

/** The leaf values at a field: the value itself, or the scalar elements of an array (nested arrays flattened). */
const leavesOf = (value: unknown): Leaf[] => {
  if (value === undefined || isObject(value)) return [];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
};

const objectsOf = (value: unknown): Record<string, unknown>[] => {
  if (isObject(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(objectsOf);
  return [];
};

const matchesField = (rule: FieldRule, node: Record<string, unknown> | undefined): boolean => {
  const value = node === undefined || !Object.prototype.hasOwnProperty.call(node, rule.name) ? undefined : node[rule.name];
  if (rule.kind === 'object') {
    const objects = objectsOf(value);
    return objects.length === 0 ? matchesNode(rule.pattern, undefined) : objects.some((object) => matchesNode(rule.pattern, object));
  }
  const leaves = leavesOf(value);
  return rule.matchers.some((matcher) => ('exists' in matcher ? matcher.exists === leaves.length > 0 : leaves.some(matcher.test)));
};

const matchesNode = (pattern: CompiledPattern, node: Record<string, unknown> | undefined): boolean =>
  pattern.fields.every((rule) => matchesField(rule, node)) &&
  pattern.ors.every((branches) => branches.some((branch) => matchesNode(branch, node)));

export const compileEventPattern = (pattern: unknown): E.Either<InvalidEventPattern, CompiledPattern> =>
  pipe(
    typeof pattern === 'string' ? parseJson(pattern) : E.right(pattern),
    E.flatMap((json) => (isObject(json) ? compileObject(json, '', false) : fail('', 'Filter is not an object'))),
  );

const parseJson = (text: string): E.Either<InvalidEventPattern, unknown> =>
  E.tryCatch(
    (): unknown => JSON.parse(text),
    (error) => invalid('(pattern)', `not JSON: ${error instanceof Error ? error.message : String(error)}`),
  );

/** Whether the event (any JSON value, typically an object) matches the compiled pattern. */
export const matchesEventPattern =
  (pattern: CompiledPattern) =>
  (event: unknown): boolean =>
    matchesNode(pattern, isObject(event) ? event : undefined);
