import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  HclError,
  evaluate,
  loadModule,
  templatefileCalls,
  workspaceVariables,
  type Scope,
  type TemplatefileCall,
  type TfModule,
  type Value,
} from '@sales-pipeline/terraform-hcl';

/** The root module, every module directory under modules/, and their templatefile calls, parsed once. */
export interface Stack {
  readonly rootDir: string;
  /** The Nx workspace holding apps/*, whose package targets the Lambda functions point at. */
  readonly workspaceRoot: string;
  readonly root: TfModule;
  /** Directory relative to the root ('.' for the root itself) -> module. */
  readonly modules: Readonly<Record<string, TfModule>>;
  readonly calls: Readonly<Record<string, readonly TemplatefileCall[]>>;
  /** The root's variable values for `dev` (defaults + workspaces/dev.tfvars), or the defaults when that fails. */
  readonly rootVariables: Readonly<Record<string, Value>>;
}

/** A workspace name that appears nowhere else, so a name that contains it derives from terraform.workspace. */
export const probeWorkspace = 'wsprobe';
export const probeAccount = '123456789012';
export const probeRegion = 'us-east-1';

const moduleDirs = (rootDir: string): string[] => {
  const modulesDir = join(rootDir, 'modules');
  if (!existsSync(modulesDir)) return [];
  return readdirSync(modulesDir)
    .map((name) => join(modulesDir, name))
    .filter((dir) => statSync(dir).isDirectory());
};

export const loadStack = async (rootDir: string, workspaceRoot: string): Promise<Stack> => {
  const root = await loadModule(rootDir);
  const modules: Record<string, TfModule> = { '.': root };
  for (const dir of [...moduleDirs(root.dir), ...Object.values(root.modules).flatMap((call) => call.sourceDir ?? [])])
    if (modules[relative(root.dir, dir)] === undefined && existsSync(dir)) modules[relative(root.dir, dir)] = await loadModule(dir);
  const calls: Record<string, readonly TemplatefileCall[]> = {};
  for (const [key, module] of Object.entries(modules)) calls[key] = await templatefileCalls(module);
  let rootVariables: Readonly<Record<string, Value>>;
  try {
    rootVariables = await workspaceVariables(root, 'dev');
  } catch (error) {
    if (!(error instanceof HclError)) throw error;
    rootVariables = Object.fromEntries(
      Object.values(root.variables).flatMap((v) => (v.hasDefault ? [[v.name, v.default as Value]] : [])),
    );
  }
  return { rootDir: root.dir, workspaceRoot: resolve(workspaceRoot), root, modules, calls, rootVariables };
};

export const moduleKey = (stack: Stack, module: TfModule): string => relative(stack.root.dir, module.dir) || '.';

const dataAttributes: Readonly<Record<string, Readonly<Record<string, Value>>>> = {
  aws_caller_identity: { account_id: probeAccount },
  aws_region: { region: probeRegion, name: probeRegion, id: probeRegion },
  aws_partition: { partition: 'aws', dns_suffix: 'amazonaws.com' },
};

const nameArguments = ['name', 'function_name', 'bucket', 'name_prefix'];

/**
 * The scope a module's expressions evaluate in for the probe workspace: root variables for `dev`, a module's
 * variables from its call's inputs (evaluated in the root's scope; an input that cannot be evaluated is left out)
 * or their defaults; the account, region and partition data sources; and a resource's `name`, `id`, `function_name`
 * or `bucket` from that resource's own name argument.
 */
export const scopeOf = (stack: Stack, module: TfModule, depth = 0): Scope => {
  const resolveReference = (expression: string): Value | undefined => {
    // A name of a for_each or count resource holds the workspace through its other parts, never through the key.
    if (expression === 'each.key' || expression === 'each.value') return 'each';
    if (expression === 'count.index') return 0;
    const data = /^data\.(aws_caller_identity|aws_region|aws_partition)\.[\w-]+\.(\w+)$/.exec(expression);
    if (data) return dataAttributes[data[1] as string]?.[data[2] as string];
    const resource = /^(aws_[\w]+)\.([\w-]+)\.(name|id|function_name|bucket)$/.exec(expression);
    const block = resource && module.resources.find((r) => r.type === resource[1] && r.name === resource[2]);
    const argument = block && nameArguments.find((name) => block.body[name] !== undefined);
    if (block && argument && depth < 8) {
      try {
        return evaluate(block.body[argument], scopeOf(stack, module, depth + 1));
      } catch (error) {
        if (error instanceof HclError) return undefined;
        throw error;
      }
    }
    return undefined;
  };
  const base = {
    locals: module.locals,
    workspace: probeWorkspace,
    path: { module: module.dir, root: stack.root.dir, cwd: stack.root.dir },
    resolve: resolveReference,
  };
  if (module === stack.root) return { ...base, variables: stack.rootVariables };
  const call = Object.values(stack.root.modules).find((c) => c.sourceDir !== undefined && resolve(c.sourceDir) === module.dir);
  const rootScope = scopeOf(stack, stack.root, depth);
  const variables: Record<string, Value> = {};
  for (const variable of Object.values(module.variables)) {
    const input = call?.arguments[variable.name];
    try {
      if (input !== undefined) variables[variable.name] = evaluate(input, rootScope);
      else if (variable.hasDefault) variables[variable.name] = evaluate(variable.default, { ...base, variables: {} });
    } catch (error) {
      if (!(error instanceof HclError)) throw error;
    }
  }
  return { ...base, variables };
};

/** Evaluates an expression of a module in its scope; the refusal's message when it cannot. */
export const tryEvaluate = (
  stack: Stack,
  module: TfModule,
  expression: unknown,
): { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly reason: string } => {
  try {
    return { ok: true, value: evaluate(expression, scopeOf(stack, module)) };
  } catch (error) {
    if (error instanceof HclError) return { ok: false, reason: error.message };
    throw error;
  }
};
