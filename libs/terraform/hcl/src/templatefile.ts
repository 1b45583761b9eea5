import { readFile } from 'node:fs/promises';
import type { TFExpressionSyntaxTree } from '@cdktf/hcl2json';
import { fail } from './errors';
import { expressionAstInThread } from './hcl-thread';
import { evaluate } from './evaluate';
import { loadModule, moduleExpressions, parseHcl, type TfModule } from './module';
import { isRecord } from './value';

type Ast = TFExpressionSyntaxTree.ExpressionType;

/** One `templatefile(path, { name = expr, ... })` call of a module. */
export interface TemplatefileCall {
  /** The block holding the call, e.g. `aws_sfn_state_machine.this`, and the attribute, e.g. `definition`. */
  readonly address: string;
  readonly attribute: string;
  readonly file: string;
  /** The whole `${...}` expression the call is part of (the call itself when it is the attribute's value). */
  readonly expression: string;
  /** The template file's absolute path (`${path.module}` resolved to the module directory). */
  readonly templatePath: string;
  /** Variable name -> the expression as written, e.g. `aws_sqs_queue.rejected.url`. */
  readonly expressions: Readonly<Record<string, string>>;
  /** Variable name -> the expression in @cdktf/hcl2json's form (`"${aws_sqs_queue.rejected.url}"`), for `evaluate`. */
  readonly variables: Readonly<Record<string, unknown>>;
}

const templatefileNodes = (node: Ast): Ast[] => [
  ...(node.type === 'function' && node.meta.name === 'templatefile' ? [node] : []),
  ...node.children.flatMap(templatefileNodes),
];

const unquote = (key: string): string => (key.startsWith('"') && key.endsWith('"') ? key.slice(1, -1) : key);

const readCall = async (module: TfModule, node: Ast, where: Omit<TemplatefileCall, 'templatePath' | 'expressions' | 'variables'>): Promise<TemplatefileCall> => {
  const [pathNode, variablesNode] = node.children;
  if (pathNode === undefined || variablesNode?.type !== 'object')
    return fail({
      _tag: 'ExpressionUnsupported',
      expression: node.meta.value,
      reason: `in ${where.address}.${where.attribute}: the template variables must be an object literal { name = expression, ... }`,
    });
  const parsed = await parseHcl(`${where.file} (${where.address}.${where.attribute})`, `path = ${pathNode.meta.value}\nvariables = ${variablesNode.meta.value}\n`);
  const templatePath = evaluate(parsed['path'], { variables: {}, locals: module.locals, workspace: '', path: { module: module.dir } });
  if (typeof templatePath !== 'string')
    return fail({ _tag: 'ExpressionUnsupported', expression: pathNode.meta.value, reason: 'the template path is not a string' });
  const items = variablesNode.meta.items;
  return {
    ...where,
    templatePath,
    expressions: Object.fromEntries(Object.entries(items).map(([key, expression]) => [unquote(key), expression])),
    variables: isRecord(parsed['variables']) ? parsed['variables'] : {},
  };
};

/** Every templatefile call of a module (a directory or a loaded module), with its template path and variables. */
export const templatefileCalls = async (module: string | TfModule): Promise<readonly TemplatefileCall[]> => {
  const loaded = typeof module === 'string' ? await loadModule(module) : module;
  const calls: TemplatefileCall[] = [];
  for (const found of moduleExpressions(loaded).filter((e) => e.expression.includes('templatefile('))) {
    const ast = await expressionAstInThread(found.file, found.expression);
    if (ast === null)
      return fail({ _tag: 'ParseFailed', file: `${found.file} (${found.address}.${found.attribute})`, cause: found.expression });
    for (const node of templatefileNodes(ast))
      calls.push(await readCall(loaded, node, { address: found.address, attribute: found.attribute, file: found.file, expression: found.expression }));
  }
  return calls;
};

/** Reads the template file of a call. */
export const readTemplate = async (call: TemplatefileCall): Promise<string> => {
  try {
    return await readFile(call.templatePath, 'utf8');
  } catch (error) {
    return fail({ _tag: 'Unreadable', path: call.templatePath, cause: String(error) });
  }
};
