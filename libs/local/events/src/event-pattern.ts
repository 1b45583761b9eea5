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

type NumericBound = { readonly value: number; readonly open: boolean };

type Matcher =
  | { readonly kind: 'equals'; readonly value: Leaf }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'prefix' | 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'wildcard'; readonly regex: RegExp }
  | { readonly kind: 'numeric'; readonly low?: NumericBound; readonly high?: NumericBound }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'anything-but'; readonly excluded: readonly Matcher[] };

type FieldRule =
  | { readonly kind: 'leaf'; readonly name: string; readonly matchers: readonly Matcher[] }
  | { readonly kind: 'object'; readonly name: string; readonly pattern: CompiledPattern };

export interface CompiledPattern {
  readonly fields: readonly FieldRule[];
  /** Each entry is one `$or`: the pattern matches when one of its branches matches. */
  readonly ors: readonly (readonly CompiledPattern[])[];
}

const OR = '$or';
const reservedInOr = new Set([
  'anything-but',
  'cidr',
  'equals-ignore-case',
  'exists',
  'numeric',
  'prefix',
  'suffix',
  'wildcard',
]);

type Compiled<A> = E.Either<InvalidEventPattern, A>;

const invalid = (path: string, reason: string): InvalidEventPattern => ({ _tag: 'InvalidEventPattern', path: path || '(pattern)', reason });

const fail = <A = never>(path: string, reason: string): Compiled<A> => E.left(invalid(path, reason));

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

const equals = (value: Leaf): Matcher => ({ kind: 'equals', value });

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
          isObject(value) ? compileExpression(value, path) : isLeaf(value) ? E.right(equals(value)) : fail<Matcher>(path, 'Match value must be String, number, true, false, or null'),
        ),
      );

const onlyKey = (expression: Record<string, unknown>, path: string): Compiled<readonly [string, unknown]> => {
  const [first, ...others] = Object.entries(expression);
  if (first === undefined) return fail(path, 'Match expression name not found');
  return others.length > 0 ? fail(path, 'Only one key allowed in match expression') : E.right(first);
};

const stringOperand = (value: unknown, path: string, what: string): Compiled<string> =>
  typeof value === 'string' ? E.right(value) : fail(path, `${what} match pattern must be a string`);

const compileExpression = (expression: Record<string, unknown>, path: string): Compiled<Matcher> =>
  pipe(
    onlyKey(expression, path),
    E.flatMap(([type, operand]) => compileOperator(type, operand, path)),
  );

const compileOperator = (type: string, operand: unknown, path: string): Compiled<Matcher> => {
  switch (type) {
    case 'prefix':
    case 'suffix':
      return compileAffix(type, operand, path);
    case 'equals-ignore-case':
    case 'wildcard':
      return pipe(
        stringOperand(operand, path, type),
        E.flatMap((text) => stringMatcher(type, text, path)),
      );
    case 'numeric':
      return compileNumeric(operand, path);
    case 'cidr':
      return pipe(
        stringOperand(operand, path, 'cidr'),
        E.flatMap((text) => parseCidr(text, path)),
        E.map((range): Matcher => ({ kind: 'cidr', range })),
      );
    case 'exists':
      return typeof operand === 'boolean' ? E.right({ kind: 'exists', value: operand }) : fail(path, 'exists match pattern must be either true or false.');
    case 'anything-but':
      return pipe(compileAnythingBut(operand, path), E.map((excluded): Matcher => ({ kind: 'anything-but', excluded })));
    default:
      return fail(path, `Unrecognized match type ${type}`);
  }
};

const compileAffix = (kind: 'prefix' | 'suffix', operand: unknown, path: string): Compiled<Matcher> => {
  if (typeof operand === 'string') return E.right({ kind, value: operand, ignoreCase: false });
  if (!isObject(operand)) return fail(path, `${kind} match pattern must be a string`);
  return pipe(
    onlyKey(operand, path),
    E.flatMap(([option, value]) =>
      option === 'equals-ignore-case' ? stringOperand(value, path, 'equals-ignore-case') : fail<string>(path, `Unsupported ${kind} pattern: ${option}`),
    ),
    E.map((value): Matcher => ({ kind, value, ignoreCase: true })),
  );
};

const compileAnythingBut = (operand: unknown, path: string): Compiled<readonly Matcher[]> => {
  if (typeof operand === 'string' || typeof operand === 'number') return E.right([equals(operand)]);
  if (Array.isArray(operand)) return anythingButList(operand, path);
  if (isObject(operand)) return pipe(onlyKey(operand, path), E.flatMap(([type, value]) => anythingButOperator(type, value, path)));
  return fail(path, 'Value of anything-but must be an array or single string/number value.');
};

const anythingButList = (operand: readonly unknown[], path: string): Compiled<readonly Matcher[]> => {
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

type StringOperator = 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';

const isStringOperator = (type: string): type is StringOperator => ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(type);

/** The matcher of a string operator on one operand (prefix and suffix case-sensitive). */
const stringMatcher = (type: StringOperator, text: string, path: string): Compiled<Matcher> =>
  type === 'wildcard'
    ? pipe(wildcardRegex(text, path), E.map((regex): Matcher => ({ kind: 'wildcard', regex })))
    : E.right(type === 'equals-ignore-case' ? { kind: type, value: text } : { kind: type, value: text, ignoreCase: false });

const anythingButOperator = (type: string, value: unknown, path: string): Compiled<readonly Matcher[]> =>
  isStringOperator(type)
    ? pipe(stringOperands(value, path, type), E.flatMap(E.traverseArray((text) => stringMatcher(type, text, path))))
    : fail(path, `Unsupported anything-but pattern: ${type}`);

const compileNumeric = (operand: unknown, path: string): Compiled<Matcher> => {
  if (!Array.isArray(operand)) return fail(path, 'Value of numeric must be an array.');
  const terms: readonly unknown[] = operand;
  const numberAt = (index: number, operator: string): Compiled<number> => {
    const value = terms[index];
    return typeof value === 'number' && Number.isFinite(value) ? E.right(value) : fail(path, `Value of ${operator} must be numeric`);
  };
  const [operator, , secondOperator] = terms;
  if (typeof operator !== 'string') return fail(path, `Invalid member in numeric match: ${JSON.stringify(operator)}`);
  const single = terms.length > 2 ? fail<never>(path, 'Too many elements in numeric expression') : undefined;
  switch (operator) {
    case '=':
      return single ?? pipe(numberAt(1, operator), E.map((value): Matcher => ({ kind: 'numeric', low: { value, open: false }, high: { value, open: false } })));
    case '<':
    case '<=':
      return single ?? pipe(numberAt(1, operator), E.map((value): Matcher => ({ kind: 'numeric', high: { value, open: operator === '<' } })));
    case '>':
    case '>=':
      return pipe(
        numberAt(1, operator),
        E.flatMap((lowValue) => {
          const low = { value: lowValue, open: operator === '>' };
          if (terms.length === 2) return E.right<InvalidEventPattern, Matcher>({ kind: 'numeric', low });
          if (secondOperator !== '<' && secondOperator !== '<=') return fail(path, `Bad numeric range operator: ${String(secondOperator)}`);
          if (terms.length > 4) return fail(path, 'Too many terms in numeric range expression');
          return pipe(
            numberAt(3, secondOperator),
            E.flatMap((highValue) =>
              lowValue >= highValue
                ? fail<Matcher>(path, 'Bottom must be less than top')
                : E.right({ kind: 'numeric', low, high: { value: highValue, open: secondOperator === '<' } }),
            ),
          );
        }),
      );
    default:
      return fail(path, `Unrecognized numeric range operator: ${operator}`);
  }
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

// ---------------------------------------------------------------- IP addresses

type IpRange = { readonly version: 4 | 6; readonly network: bigint; readonly mask: bigint };

const parseIpv4 = (text: string): bigint | undefined => {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((acc, part) => (acc << 8n) | BigInt(part), 0n);
};

const parseIpv6 = (text: string): bigint | undefined => {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [head = '', tail] = text.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  if ((tail === undefined && missing !== 0) || (tail !== undefined && missing < 1)) return undefined;
  const all = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (all.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return all.reduce((acc, group) => (acc << 16n) | BigInt(`0x${group}`), 0n);
};

const parseIp = (text: string): { version: 4 | 6; value: bigint } | undefined => {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
};

const parseCidr = (cidr: string, path: string): Compiled<IpRange> => {
  const [address = '', bits, ...rest] = cidr.split('/');
  const ip = parseIp(address);
  const width = ip?.version === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits);
  if (!ip || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > width || (bits !== undefined && !/^\d+$/.test(bits))) {
    return fail(path, `Nonstandard IP address: ${cidr}`);
  }
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  return E.right({ version: ip.version, network: ip.value & mask, mask });
};

// ---------------------------------------------------------------- match

const lower = (text: string): string => text.toLowerCase();

const matchesLeaf = (matcher: Matcher, leaf: Leaf): boolean => {
  switch (matcher.kind) {
    case 'equals':
      return leaf === matcher.value;
    case 'equals-ignore-case':
      return typeof leaf === 'string' && lower(leaf) === lower(matcher.value);
    case 'prefix':
      return typeof leaf === 'string' && (matcher.ignoreCase ? lower(leaf).startsWith(lower(matcher.value)) : leaf.startsWith(matcher.value));
    case 'suffix':
      return typeof leaf === 'string' && (matcher.ignoreCase ? lower(leaf).endsWith(lower(matcher.value)) : leaf.endsWith(matcher.value));
    case 'wildcard':
      return typeof leaf === 'string' && matcher.regex.test(leaf);
    case 'numeric':
      return (
        typeof leaf === 'number' &&
        (matcher.low === undefined || (matcher.low.open ? leaf > matcher.low.value : leaf >= matcher.low.value)) &&
        (matcher.high === undefined || (matcher.high.open ? leaf < matcher.high.value : leaf <= matcher.high.value))
      );
    case 'cidr': {
      if (typeof leaf !== 'string') return false;
      const ip = parseIp(leaf);
      return ip !== undefined && ip.version === matcher.range.version && (ip.value & matcher.range.mask) === matcher.range.network;
    }
    case 'exists':
      return matcher.value;
    case 'anything-but':
      return !matcher.excluded.some((excluded) => matchesLeaf(excluded, leaf));
  }
};

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
  return rule.matchers.some((matcher) =>
    matcher.kind === 'exists' ? matcher.value === leaves.length > 0 : leaves.some((leaf) => matchesLeaf(matcher, leaf)),
  );
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
