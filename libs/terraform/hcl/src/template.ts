import { fail } from './errors';
import type { Value } from './value';

/** A piece of a Terraform template: literal text (escapes already undone), `${...}` or `%{...}`. */
export type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'interpolation'; readonly expression: string; readonly source: string; readonly line: number }
  | { readonly kind: 'directive'; readonly source: string; readonly line: number };

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

const skipQuoted = (text: string, from: number): number => {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (text.startsWith('${', i) || text.startsWith('%{', i)) i = closingBrace(text, i + 2) + 1;
    else i += 1;
  }
  return i;
};

/** Index of the `}` closing a sequence opened just before `from`, skipping nested braces and quoted strings. */
const closingBrace = (text: string, from: number): number => {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = skipQuoted(text, i + 1);
      continue;
    }
    if (c === '{') depth += 1;
    else if (c === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
    i += 1;
  }
  return -1;
};

/**
 * Splits a template (a .tftpl file, or a string as @cdktf/hcl2json gives it) into parts.
 * `$${` and `%%{` are Terraform's escapes for a literal `${` and `%{`.
 */
export const templateParts = (text: string): readonly TemplatePart[] => {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    const opener = text.startsWith('${', i) ? 'interpolation' : text.startsWith('%{', i) ? 'directive' : undefined;
    if (opener === undefined) {
      literal += text[i];
      i += 1;
      continue;
    }
    const end = closingBrace(text, i + 2);
    const line = lineAt(text, i);
    if (end < 0) fail({ _tag: 'TemplateSyntaxUnsupported', syntax: text.slice(i, i + 40), line, reason: 'no closing }' });
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
    const source = text.slice(i, end + 1);
    parts.push(
      opener === 'interpolation'
        ? { kind: 'interpolation', expression: text.slice(i + 2, end).trim(), source, line }
        : { kind: 'directive', source, line },
    );
    i = end + 1;
  }
  if (literal !== '') parts.push({ kind: 'literal', text: literal });
  return parts;
};

const identifier = /^[A-Za-z_][A-Za-z0-9_-]*$/;

type Placeholder = { readonly name: string; readonly line: number };

const placeholdersOf = (text: string): readonly Placeholder[] =>
  templateParts(text).flatMap((part) => {
    if (part.kind === 'literal') return [];
    if (part.kind === 'directive')
      return fail({ _tag: 'TemplateSyntaxUnsupported', syntax: part.source, line: part.line, reason: 'a %{ directive' });
    if (part.source.startsWith('${~') || part.source.endsWith('~}'))
      return fail({ _tag: 'TemplateSyntaxUnsupported', syntax: part.source, line: part.line, reason: 'a ~ strip marker' });
    if (!identifier.test(part.expression))
      return fail({
        _tag: 'TemplateSyntaxUnsupported',
        syntax: part.source,
        line: part.line,
        reason: 'an expression that is not a plain variable name',
      });
    return [{ name: part.expression, line: part.line }];
  });

/**
 * The variable names a template file uses, in order of first use. Refuses (throws HclError) anything but `${name}`
 * placeholders and the `$${` / `%%{` escapes: directives, strip markers, expressions, function calls.
 */
export const templatePlaceholders = (text: string): readonly string[] => [
  ...new Set(placeholdersOf(text).map((placeholder) => placeholder.name)),
];

const scalarText = (value: Value): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/**
 * Renders a template file as Terraform's templatefile does, for the subset of placeholders and escapes.
 * Every placeholder needs a variable and every variable a placeholder; values must be strings, numbers or bools.
 */
export const renderTemplate = (text: string, variables: Readonly<Record<string, Value>>): string => {
  const placeholders = placeholdersOf(text);
  const used = new Set(placeholders.map((placeholder) => placeholder.name));
  for (const placeholder of placeholders)
    if (!Object.prototype.hasOwnProperty.call(variables, placeholder.name))
      fail({ _tag: 'TemplateVariableMissing', name: placeholder.name, line: placeholder.line });
  for (const name of Object.keys(variables)) if (!used.has(name)) fail({ _tag: 'TemplateVariableExtra', name });
  return templateParts(text)
    .map((part) => {
      if (part.kind !== 'interpolation') return part.kind === 'literal' ? part.text : '';
      const value = variables[part.expression] as Value;
      const rendered = scalarText(value);
      return rendered ?? fail({ _tag: 'TemplateValueNotScalar', name: part.expression, line: part.line });
    })
    .join('');
};
