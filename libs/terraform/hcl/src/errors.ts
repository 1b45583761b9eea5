export type HclProblem =
  | { readonly _tag: 'Unreadable'; readonly path: string; readonly cause: string }
  | { readonly _tag: 'ParseFailed'; readonly file: string; readonly cause: string }
  | { readonly _tag: 'TemplateSyntaxUnsupported'; readonly syntax: string; readonly line: number; readonly reason: string }
  | { readonly _tag: 'TemplateVariableMissing'; readonly name: string; readonly line: number }
  | { readonly _tag: 'TemplateVariableExtra'; readonly name: string }
  | { readonly _tag: 'TemplateValueNotScalar'; readonly name: string; readonly line: number }
  | { readonly _tag: 'ExpressionUnsupported'; readonly expression: string; readonly reason: string }
  | { readonly _tag: 'ReferenceUnknown'; readonly reference: string; readonly reason: string }
  | { readonly _tag: 'ReferenceCycle'; readonly chain: readonly string[] }
  | { readonly _tag: 'ModuleCallMissing'; readonly rootDir: string; readonly module: string }
  | { readonly _tag: 'VariableUndeclared'; readonly file: string; readonly name: string };

const describeHclProblem = (problem: HclProblem): string => {
  switch (problem._tag) {
    case 'Unreadable':
      return `cannot read ${problem.path}: ${problem.cause}`;
    case 'ParseFailed':
      return `cannot parse ${problem.file}: ${problem.cause}`;
    case 'TemplateSyntaxUnsupported':
      return `template line ${problem.line}: unsupported template syntax ${problem.syntax} (${problem.reason}); only \${name} placeholders and the $\${ escape are allowed`;
    case 'TemplateVariableMissing':
      return `template line ${problem.line}: placeholder \${${problem.name}} has no value among the template variables`;
    case 'TemplateVariableExtra':
      return `template variable ${problem.name} is passed but the template has no \${${problem.name}} placeholder`;
    case 'TemplateValueNotScalar':
      return `template line ${problem.line}: variable ${problem.name} is not a string, number or bool`;
    case 'ExpressionUnsupported':
      return `cannot evaluate ${problem.expression}: ${problem.reason}`;
    case 'ReferenceUnknown':
      return `cannot resolve ${problem.reference}: ${problem.reason}`;
    case 'ReferenceCycle':
      return `reference cycle: ${problem.chain.join(' -> ')}`;
    case 'ModuleCallMissing':
      return `${problem.rootDir} has no module "${problem.module}"`;
    case 'VariableUndeclared':
      return `${problem.file} sets ${problem.name}, which the root module does not declare`;
  }
};

/** Thrown (or rejected) by every function of this library; `problem` says what went wrong, as data. */
export class HclError extends Error {
  constructor(readonly problem: HclProblem) {
    super(describeHclProblem(problem));
    this.name = 'HclError';
  }
}

export const fail = (problem: HclProblem): never => {
  throw new HclError(problem);
};
