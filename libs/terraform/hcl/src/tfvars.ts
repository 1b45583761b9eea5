import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from './errors';
import { evaluate, type Scope } from './evaluate';
import { loadModule, parseHcl, type TfModule } from './module';
import type { Value } from './value';

const literalScope: Scope = { variables: {}, locals: {}, workspace: '' };

/** The values of a .tfvars file (literals only, as Terraform requires). */
export const readTfvars = async (file: string): Promise<Readonly<Record<string, Value>>> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail({ _tag: 'Unreadable', path: file, cause: String(error) });
  }
  const parsed = await parseHcl(file, text);
  return Object.fromEntries(Object.entries(parsed).map(([name, expression]) => [name, evaluate(expression, literalScope)]));
};

/** The file holding a workspace's settings: terraform/workspaces/<workspace>.tfvars. */
const workspaceTfvarsPath = (rootDir: string, workspace: string): string =>
  join(rootDir, 'workspaces', `${workspace}.tfvars`);

/**
 * The root module's variable values in a workspace: the defaults, overridden by workspaces/<workspace>.tfvars.
 * A variable without default that the file does not set is absent (evaluating it is refused, naming it); a value
 * for an undeclared variable is refused.
 */
export const workspaceVariables = async (
  root: string | TfModule,
  workspace: string,
): Promise<Readonly<Record<string, Value>>> => {
  const module = typeof root === 'string' ? await loadModule(root) : root;
  const file = workspaceTfvarsPath(module.dir, workspace);
  const overrides = await readTfvars(file);
  for (const name of Object.keys(overrides))
    if (module.variables[name] === undefined) fail({ _tag: 'VariableUndeclared', file, name });
  const defaults = Object.values(module.variables)
    .filter((variable) => variable.hasDefault)
    .map((variable): [string, Value] => [variable.name, evaluate(variable.default, literalScope)]);
  return { ...Object.fromEntries(defaults), ...overrides };
};

/** The scope in which the root module's names and locals evaluate for a workspace. */
export const rootScope = async (
  rootDir: string,
  workspace: string,
  extra: Pick<Scope, 'data' | 'resolve'> = {},
): Promise<Scope> => {
  const module = await loadModule(rootDir);
  return {
    variables: await workspaceVariables(module, workspace),
    locals: module.locals,
    workspace,
    path: { module: module.dir, root: module.dir },
    ...extra,
  };
};
