import * as E from 'fp-ts/Either';

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

class PatternError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (path: string, reason: string): never => {
  throw new PatternError(path || '(pattern)', reason);
};

const join = (path: string, name: string): string => (path ? `${path}.${name}` : name);

// ---------------------------------------------------------------- compile

const compileObject = (pattern: Record<string, unknown>, path: string, insideOr: boolean): CompiledPattern => {
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(path, 'Empty objects are not allowed');
  const fields: FieldRule[] = [];
  const ors: CompiledPattern[][] = [];
  for (const [name, value] of entries) {
    const fieldPath = join(path, name);
    if (insideOr && reservedInOr.has(name)) fail(fieldPath, `${name} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    if (name === OR && Array.isArray(value)) {
      ors.push(compileOr(value, fieldPath));
    } else if (Array.isArray(value)) {
      fields.push({ kind: 'leaf', name, matchers: compileValues(value, fieldPath) });
    } else if (isObject(value)) {
      fields.push({ kind: 'object', name, pattern: compileObject(value, fieldPath, false) });
    } else {
      fail(fieldPath, `"${name}" must be an object or an array`);
    }
  }
  return { fields, ors };
};

const compileOr = (branches: readonly unknown[], path: string): CompiledPattern[] => {
  if (branches.length < 2) fail(path, `There must have at least 2 Objects in ${OR} relationship.`);
  return branches.map((branch, index) =>
    isObject(branch)
      ? compileObject(branch, `${path}[${index}]`, true)
      : fail(`${path}[${index}]`, `Only JSON object is allowed in array of ${OR} relationship.`),
  );
};

const compileValues = (values: readonly unknown[], path: string): Matcher[] => {
  if (values.length === 0) fail(path, 'Empty arrays are not allowed');
  return values.map((value) => {
    if (isObject(value)) return compileExpression(value, path);
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return { kind: 'equals', value } as const;
    }
    return fail(path, 'Match value must be String, number, true, false, or null');
  });
};

const onlyKey = (expression: Record<string, unknown>, path: string): [string, unknown] => {
  const [first, ...others] = Object.entries(expression);
  if (first === undefined) return fail(path, 'Match expression name not found');
  if (others.length > 0) fail(path, 'Only one key allowed in match expression');
  return first;
};

const stringOperand = (value: unknown, path: string, what: string): string =>
  typeof value === 'string' ? value : fail(path, `${what} match pattern must be a string`);

const compileExpression = (expression: Record<string, unknown>, path: string): Matcher => {
  const [type, operand] = onlyKey(expression, path);
  switch (type) {
    case 'prefix':
    case 'suffix':
      return compileAffix(type, operand, path);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: stringOperand(operand, path, 'equals-ignore-case') };
    case 'wildcard':
      return { kind: 'wildcard', regex: wildcardRegex(stringOperand(operand, path, 'wildcard'), path) };
    case 'numeric':
      return compileNumeric(operand, path);
    case 'cidr':
      return { kind: 'cidr', range: parseCidr(stringOperand(operand, path, 'cidr'), path) };
    case 'exists':
      return typeof operand === 'boolean'
        ? { kind: 'exists', value: operand }
        : fail(path, 'exists match pattern must be either true or false.');
    case 'anything-but':
      return { kind: 'anything-but', excluded: compileAnythingBut(operand, path) };
    default:
      return fail(path, `Unrecognized match type ${type}`);
  }
};

const compileAffix = (kind: 'prefix' | 'suffix', operand: unknown, path: string): Matcher => {
  if (typeof operand === 'string') return { kind, value: operand, ignoreCase: false };
  if (isObject(operand)) {
    const [option, value] = onlyKey(operand, path);
    if (option !== 'equals-ignore-case') fail(path, `Unsupported ${kind} pattern: ${option}`);
    return { kind, value: stringOperand(value, path, 'equals-ignore-case'), ignoreCase: true };
  }
  return fail(path, `${kind} match pattern must be a string`);
};

const compileAnythingBut = (operand: unknown, path: string): Matcher[] => {
  if (typeof operand === 'string' || typeof operand === 'number') return [{ kind: 'equals', value: operand }];
  if (Array.isArray(operand)) {
    if (operand.length === 0) fail(path, 'Empty arrays are not allowed');
    const allStrings = operand.every((value) => typeof value === 'string');
    const allNumbers = operand.every((value) => typeof value === 'number');
    if (!allStrings && !allNumbers) {
      if (operand.some((value) => typeof value !== 'string' && typeof value !== 'number')) {
        fail(path, 'Inside anything but list, start|null|boolean is not supported.');
      }
      fail(path, 'Inside anything but list, either all values are number or string, mixed type is not supported');
    }
    return operand.map((value: string | number) => ({ kind: 'equals', value }));
  }
  if (isObject(operand)) {
    const [type, value] = onlyKey(operand, path);
    const strings = (what: string): string[] => {
      const list = Array.isArray(value) ? value : [value];
      if (list.length === 0) fail(path, 'Empty arrays are not allowed');
      return list.map((item) => stringOperand(item, path, what));
    };
    switch (type) {
      case 'prefix':
      case 'suffix':
        return strings(`${type}`).map((text) => ({ kind: type, value: text, ignoreCase: false }));
      case 'equals-ignore-case':
        return strings('equals-ignore-case').map((text) => ({ kind: 'equals-ignore-case', value: text }));
      case 'wildcard':
        return strings('wildcard').map((text) => ({ kind: 'wildcard', regex: wildcardRegex(text, path) }));
      default:
        return fail(path, `Unsupported anything-but pattern: ${type}`);
    }
  }
  return fail(path, 'Value of anything-but must be an array or single string/number value.');
};

const compileNumeric = (operand: unknown, path: string): Matcher => {
  if (!Array.isArray(operand)) return fail(path, 'Value of numeric must be an array.');
  const terms: unknown[] = operand;
  const number = (index: number, operator: string): number => {
    const value = terms[index];
    return typeof value === 'number' && Number.isFinite(value) ? value : fail(path, `Value of ${operator} must be numeric`);
  };
  const [operator, , secondOperator] = terms;
  if (typeof operator !== 'string') return fail(path, `Invalid member in numeric match: ${JSON.stringify(operator)}`);
  const single = (): void => {
    if (terms.length > 2) fail(path, 'Too many elements in numeric expression');
  };
  switch (operator) {
    case '=': {
      single();
      const value = number(1, '=');
      return { kind: 'numeric', low: { value, open: false }, high: { value, open: false } };
    }
    case '<':
    case '<=':
      single();
      return { kind: 'numeric', high: { value: number(1, operator), open: operator === '<' } };
    case '>':
    case '>=': {
      const low = { value: number(1, operator), open: operator === '>' };
      if (terms.length === 2) return { kind: 'numeric', low };
      if (secondOperator !== '<' && secondOperator !== '<=') return fail(path, `Bad numeric range operator: ${String(secondOperator)}`);
      if (terms.length > 4) fail(path, 'Too many terms in numeric range expression');
      const high = { value: number(3, secondOperator), open: secondOperator === '<' };
      if (low.value >= high.value) fail(path, 'Bottom must be less than top');
      return { kind: 'numeric', low, high };
    }
    default:
      return fail(path, `Unrecognized numeric range operator: ${operator}`);
  }
};

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash; `**` is refused. */
const wildcardRegex = (wildcard: string, path: string): RegExp => {
  let source = '';
  for (let index = 0; index < wildcard.length; index++) {
    const char = wildcard.charAt(index);
    if (char === '\\') {
      const next = wildcard[index + 1];
      if (next !== '*' && next !== '\\') fail(path, `Invalid escape in wildcard pattern "${wildcard}": only \\* and \\\\ are allowed`);
      source += `\\${next}`;
      index++;
    } else if (char === '*') {
      if (wildcard[index + 1] === '*') fail(path, `Consecutive wildcard characters at pos ${index + 1} in "${wildcard}" are not allowed`);
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
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

const parseCidr = (cidr: string, path: string): IpRange => {
  const [address = '', bits, ...rest] = cidr.split('/');
  const ip = parseIp(address);
  const width = ip?.version === 4 ? 32 : 128;
  const prefix = bits === undefined ? width : Number(bits);
  if (!ip || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > width || (bits !== undefined && !/^\d+$/.test(bits))) {
    return fail(path, `Nonstandard IP address: ${cidr}`);
  }
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  return { version: ip.version, network: ip.value & mask, mask };
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

export const compileEventPattern = (pattern: unknown): E.Either<InvalidEventPattern, CompiledPattern> => {
  const source = typeof pattern === 'string' ? parseJson(pattern) : E.right(pattern);
  return E.flatMap(source, (json) => {
    try {
      return isObject(json) ? E.right(compileObject(json, '', false)) : E.left(invalid('(pattern)', 'Filter is not an object'));
    } catch (error) {
      if (error instanceof PatternError) return E.left(invalid(error.path, error.reason));
      throw error;
    }
  });
};

const invalid = (path: string, reason: string): InvalidEventPattern => ({ _tag: 'InvalidEventPattern', path, reason });

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
