import { fail } from './errors';
import { templateParts } from './template';
import { isRecord, type Value } from './value';

/**
 * What an expression may refer to. `locals` holds the raw expressions as @cdktf/hcl2json gives them (evaluated on
 * demand); `data` the data-source attributes by `<type>.<name>` (e.g. `aws_region.current` -> `{ region }`);
 * `resolve` answers any other reference or expression (e.g. `aws_sqs_queue.this.url`) or returns undefined to refuse.
 */
export interface Scope {
  readonly variables: Readonly<Record<string, Value>>;
  readonly locals: Readonly<Record<string, unknown>>;
  readonly workspace: string;
  readonly data?: Readonly<Record<string, Value>>;
  readonly path?: { readonly module?: string; readonly root?: string; readonly cwd?: string };
  readonly resolve?: (expression: string) => Value | undefined;
}

type Segment = string | number;

const traversalPattern = /^[A-Za-z_][A-Za-z0-9_-]*(\s*(\.[A-Za-z_][A-Za-z0-9_-]*|\.\d+|\[\s*(\d+|"[^"\\$%]*")\s*\]))*$/;
const segmentPattern = /\.([A-Za-z_][A-Za-z0-9_-]*|\d+)|\[\s*(\d+|"[^"\\$%]*")\s*\]/g;

/** `local.names["a"].b` -> ['local', 'names', 'a', 'b']; undefined when the expression is not a plain reference. */
export const parseTraversal = (expression: string): readonly Segment[] | undefined => {
  if (!traversalPattern.test(expression)) return undefined;
  const root = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(expression)?.[0] ?? '';
  const rest = [...expression.slice(root.length).matchAll(segmentPattern)].map((match): Segment => {
    const name = match[1];
    if (name !== undefined) return /^\d+$/.test(name) ? Number(name) : name;
    const key = match[2] ?? '';
    return key.startsWith('"') ? key.slice(1, -1) : Number(key);
  });
  return [root, ...rest];
};

const show = (segments: readonly Segment[]): string =>
  segments.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');

const describeShape = (expression: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*\s*\(/.test(expression)
    ? `a function call (${expression.slice(0, expression.indexOf('(')).trim()})`
    : /\?/.test(expression)
      ? 'a conditional'
      : /^\[?\s*for\s/.test(expression)
        ? 'a for expression'
        : 'an expression other than a reference';

interface Context {
  readonly scope: Scope;
  readonly evaluating: readonly string[];
}

const index = (value: Value, segments: readonly Segment[], reference: string): Value =>
  segments.reduce<Value>((current, segment) => {
    if (typeof segment === 'number' && Array.isArray(current) && segment < current.length) return current[segment] as Value;
    if (typeof segment === 'string' && isRecord(current) && Object.prototype.hasOwnProperty.call(current, segment))
      return (current as Readonly<Record<string, Value>>)[segment] as Value;
    return fail({ _tag: 'ReferenceUnknown', reference, reason: `it has no element ${String(segment)}` });
  }, value);

const delegate = (context: Context, expression: string, reason: string): Value => {
  const resolved = context.scope.resolve?.(expression);
  return resolved !== undefined ? resolved : fail({ _tag: 'ExpressionUnsupported', expression, reason });
};

const evaluateLocal = (context: Context, segments: readonly Segment[], reference: string): Value => {
  const name = String(segments[1]);
  if (!Object.prototype.hasOwnProperty.call(context.scope.locals, name))
    return fail({ _tag: 'ReferenceUnknown', reference, reason: `local.${name} is not defined` });
  if (context.evaluating.includes(name))
    return fail({ _tag: 'ReferenceCycle', chain: [...context.evaluating.map((local) => `local.${local}`), `local.${name}`] });
  const inner: Context = { ...context, evaluating: [...context.evaluating, name] };
  // Walk into literal maps and lists before evaluating, so that local.names.x needs only the x entry.
  let raw: unknown = context.scope.locals[name];
  let depth = 2;
  for (; depth < segments.length; depth += 1) {
    const segment = segments[depth] as Segment;
    if (Array.isArray(raw) && typeof segment === 'number' && segment < raw.length) raw = raw[segment];
    else if (isRecord(raw) && typeof segment === 'string' && Object.prototype.hasOwnProperty.call(raw, segment))
      raw = raw[segment];
    else if (isRecord(raw) || Array.isArray(raw))
      return fail({ _tag: 'ReferenceUnknown', reference, reason: `it has no element ${String(segment)}` });
    else break;
  }
  return index(evaluateIn(inner, raw), segments.slice(depth), reference);
};

const evaluateReference = (context: Context, expression: string): Value => {
  const segments = parseTraversal(expression);
  if (segments === undefined) return delegate(context, expression, describeShape(expression));
  const reference = show(segments);
  const { scope } = context;
  const [root, second] = segments;
  if (root === 'var') {
    const name = String(second);
    if (!Object.prototype.hasOwnProperty.call(scope.variables, name))
      return fail({ _tag: 'ReferenceUnknown', reference, reason: `var.${name} has no value` });
    return index(scope.variables[name] as Value, segments.slice(2), reference);
  }
  if (root === 'local' && segments.length >= 2) return evaluateLocal(context, segments, reference);
  if (root === 'terraform' && second === 'workspace' && segments.length === 2) return scope.workspace;
  if (root === 'path' && typeof second === 'string' && segments.length === 2) {
    const path = scope.path?.[second as 'module' | 'root' | 'cwd'];
    return path ?? delegate(context, expression, `path.${second} is not in the scope`);
  }
  if (root === 'data' && segments.length >= 4) {
    const source = `${String(second)}.${String(segments[2])}`;
    const data = scope.data?.[source];
    if (data !== undefined) return index(data, segments.slice(3), reference);
    return delegate(context, expression, `the data source ${source} is not in the scope`);
  }
  return delegate(context, expression, 'a reference to a resource, module or other object');
};

const evaluateString = (context: Context, text: string): Value => {
  const parts = templateParts(text);
  const [only] = parts;
  // "${x}" alone yields x's own value (a number stays a number), as in Terraform.
  if (parts.length === 1 && only?.kind === 'interpolation') return evaluateReference(context, only.expression);
  return parts
    .map((part) => {
      if (part.kind === 'literal') return part.text;
      if (part.kind === 'directive') {
        const value = delegate(context, part.source, 'a template directive');
        return typeof value === 'string' ? value : fail({ _tag: 'ExpressionUnsupported', expression: part.source, reason: 'not a string' });
      }
      const value = evaluateReference(context, part.expression);
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail({ _tag: 'ExpressionUnsupported', expression: part.source, reason: 'interpolates a value that is not a string, number or bool' });
    })
    .join('');
};

const evaluateIn = (context: Context, expression: unknown): Value => {
  if (typeof expression === 'string') return evaluateString(context, expression);
  if (typeof expression === 'number' || typeof expression === 'boolean' || expression === null) return expression;
  if (Array.isArray(expression)) return expression.map((element) => evaluateIn(context, element));
  if (isRecord(expression))
    return Object.fromEntries(Object.entries(expression).map(([key, element]) => [key, evaluateIn(context, element)]));
  return fail({ _tag: 'ExpressionUnsupported', expression: String(expression), reason: 'not an HCL value' });
};

/**
 * Evaluates an expression in the form @cdktf/hcl2json gives it (strings are templates: `"${var.a}-x"`; maps and
 * lists recursively) for the subset names use: literals, interpolation, var.*, local.* (recursively, cycles refused),
 * terraform.workspace, path.*, data-source attributes from the scope. Anything else goes to `scope.resolve` or is
 * refused with an HclError naming it.
 */
export const evaluate = (expression: unknown, scope: Scope): Value => evaluateIn({ scope, evaluating: [] }, expression);
