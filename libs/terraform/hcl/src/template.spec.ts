import { HclError } from './errors';
import { renderTemplate, templateParts, templatePlaceholders } from './template';

const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof HclError) return error.problem;
    throw error;
  }
  throw new Error('expected an HclError');
};

describe('templatePlaceholders', () => {
  it('lists ${name} placeholders once each, in order, and ignores the $${ and %%{ escapes', () => {
    expect(templatePlaceholders('${b} ${a}\n${ b } $${not_a_placeholder} %%{ nor_this }')).toEqual(['b', 'a']);
  });

  it.each([
    ['%{ if x }y%{ endif }', 'TemplateSyntaxUnsupported', '%{ if x }', 1],
    ['ok\n"${upper(name)}"', 'TemplateSyntaxUnsupported', '${upper(name)}', 2],
    ['\n\n${var.name}', 'TemplateSyntaxUnsupported', '${var.name}', 3],
    ['${a ? 1 : 2}', 'TemplateSyntaxUnsupported', '${a ? 1 : 2}', 1],
    ['${~ name}', 'TemplateSyntaxUnsupported', '${~ name}', 1],
    ['x ${name', 'TemplateSyntaxUnsupported', '${name', 1],
  ])('refuses %j naming the syntax and its line', (text, tag, syntax, line) => {
    expect(problemOf(() => templatePlaceholders(text))).toMatchObject({ _tag: tag, syntax, line });
    expect(() => templatePlaceholders(text)).toThrow(`line ${line}`);
  });
});

describe('renderTemplate', () => {
  it('inserts strings as they are and numbers and bools as their text, and undoes the escapes', () => {
    const text = '{"Name": "${name}", "Max": ${max}, "On": ${on}, "Text": "for $${price}", "Pct": "%%{x}"}';
    expect(renderTemplate(text, { name: 'a"b', max: 40, on: true })).toBe(
      '{"Name": "a"b", "Max": 40, "On": true, "Text": "for ${price}", "Pct": "%{x}"}',
    );
  });

  it('refuses a missing variable, naming it and its line', () => {
    expect(problemOf(() => renderTemplate('a\n${first} ${second}', { first: 'x' }))).toEqual({
      _tag: 'TemplateVariableMissing',
      name: 'second',
      line: 2,
    });
  });

  it('refuses an extra variable, naming it', () => {
    expect(problemOf(() => renderTemplate('${a}', { a: 'x', b: 'y' }))).toEqual({ _tag: 'TemplateVariableExtra', name: 'b' });
  });

  it('refuses a value that is not a string, number or bool', () => {
    expect(problemOf(() => renderTemplate('${a}', { a: ['x'] }))).toMatchObject({ _tag: 'TemplateValueNotScalar', name: 'a' });
    expect(problemOf(() => renderTemplate('${a}', { a: null }))).toMatchObject({ _tag: 'TemplateValueNotScalar', name: 'a' });
  });

  it('refuses unsupported syntax even when every variable is given', () => {
    expect(() => renderTemplate('%{ for x in xs }${x}%{ endfor }', { x: 'a' })).toThrow(/%\{ for x in xs \}/);
  });
});

describe('templateParts', () => {
  it('keeps nested braces and quoted strings inside one interpolation', () => {
    expect(templateParts('a${f({ b = "}" })}c')).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'interpolation', expression: 'f({ b = "}" })', source: '${f({ b = "}" })}', line: 1 },
      { kind: 'literal', text: 'c' },
    ]);
  });
});
