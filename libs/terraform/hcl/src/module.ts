import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fail } from './errors';
import { templateParts } from './template';
import { isRecord } from './value';
import { parseInThread } from './hcl-thread';

type Body = Readonly<Record<string, unknown>>;

/** A resource or data block; `body` holds the arguments and nested blocks as @cdktf/hcl2json gives them. */
export interface Block {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly body: Body;
}

export interface Variable {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** The type constraint as written, e.g. `string`, `map(string)`; undefined when the variable has none. */
  readonly type: string | undefined;
  readonly description: string | undefined;
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly validations: readonly Body[];
  readonly body: Body;
}

export interface Output {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly description: string | undefined;
  readonly value: unknown;
  readonly body: Body;
}

export interface ModuleCall {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly source: string;
  /** The directory of a local source (`./modules/x`), resolved against the calling module. */
  readonly sourceDir: string | undefined;
  /** The module's input variables as passed (meta-arguments such as source, count, depends_on left out). */
  readonly arguments: Body;
  readonly metaArguments: Body;
}

export interface NamedBlock {
  readonly name: string;
  readonly file: string;
  readonly body: Body;
}

export interface TfModule {
  readonly dir: string;
  /** File name -> its text, for every *.tf file of the directory. */
  readonly sources: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, Variable>>;
  readonly locals: Readonly<Record<string, unknown>>;
  readonly localFiles: Readonly<Record<string, string>>;
  readonly resources: readonly Block[];
  readonly data: readonly Block[];
  readonly modules: Readonly<Record<string, ModuleCall>>;
  readonly outputs: Readonly<Record<string, Output>>;
  readonly providers: readonly NamedBlock[];
  readonly terraform: readonly NamedBlock[];
}

const moduleMetaArguments = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

const lineOf = (text: string, pattern: RegExp): number => {
  const index = text.search(pattern);
  return index < 0 ? 0 : text.slice(0, index).split('\n').length;
};

const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const blockLine = (text: string, kind: string, ...labels: string[]): number =>
  lineOf(text, new RegExp(`^[ \\t]*${kind}${labels.map((label) => `\\s+"${escape(label)}"`).join('')}\\s*\\{`, 'm'));

const first = (blocks: unknown): Body => (Array.isArray(blocks) && isRecord(blocks[0]) ? blocks[0] : {});

const entries = (value: unknown): [string, unknown][] => (isRecord(value) ? Object.entries(value) : []);

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `${string}` -> `string`: hcl2json wraps a type constraint as an interpolation. */
const typeText = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const [only, ...rest] = templateParts(value);
  return only?.kind === 'interpolation' && rest.length === 0 ? only.expression : value;
};

const readText = async (path: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    return fail({ _tag: 'Unreadable', path, cause: String(error) });
  }
};

// Parsing is pure; test suites that load many variants of one stack parse each distinct text once.
const parsedTexts = new Map<string, Body>();

/** Parses one HCL file (a .tf or .tfvars) into the JSON form of @cdktf/hcl2json (treat the result as read-only). */
export const parseHcl = async (file: string, text: string): Promise<Body> => {
  const known = parsedTexts.get(text);
  if (known !== undefined) return known;
  try {
    const parsed: Body = await parseInThread(file, text);
    parsedTexts.set(text, parsed);
    return parsed;
  } catch (error) {
    return fail({ _tag: 'ParseFailed', file, cause: error instanceof Error ? error.message : String(error) });
  }
};

/** All *.tf files of one module directory, merged. */
export const loadModule = async (dir: string): Promise<TfModule> => {
  const absolute = resolve(dir);
  let names: string[];
  try {
    names = (await readdir(absolute)).filter((name) => name.endsWith('.tf')).sort();
  } catch (error) {
    return fail({ _tag: 'Unreadable', path: absolute, cause: String(error) });
  }
  const sources: Record<string, string> = {};
  const variables: Record<string, Variable> = {};
  const locals: Record<string, unknown> = {};
  const localFiles: Record<string, string> = {};
  const resources: Block[] = [];
  const data: Block[] = [];
  const modules: Record<string, ModuleCall> = {};
  const outputs: Record<string, Output> = {};
  const providers: NamedBlock[] = [];
  const terraform: NamedBlock[] = [];
  for (const file of names) {
    const text = await readText(join(absolute, file));
    sources[file] = text;
    const parsed = await parseHcl(join(absolute, file), text);
    for (const [name, blocks] of entries(parsed['variable'])) {
      const body = first(blocks);
      variables[name] = {
        name,
        file,
        line: blockLine(text, 'variable', name),
        type: typeText(body['type']),
        description: asString(body['description']),
        hasDefault: Object.prototype.hasOwnProperty.call(body, 'default'),
        default: body['default'],
        validations: Array.isArray(body['validation']) ? body['validation'].filter(isRecord) : [],
        body,
      };
    }
    for (const block of Array.isArray(parsed['locals']) ? parsed['locals'] : [])
      for (const [name, expression] of entries(block)) {
        locals[name] = expression;
        localFiles[name] = file;
      }
    for (const [kind, target] of [
      ['resource', resources],
      ['data', data],
    ] as const)
      for (const [type, named] of entries(parsed[kind]))
        for (const [name, blocks] of entries(named))
          target.push({
            address: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
            type,
            name,
            file,
            line: blockLine(text, kind, type, name),
            body: first(blocks),
          });
    for (const [name, blocks] of entries(parsed['module'])) {
      const body = first(blocks);
      const source = asString(body['source']) ?? '';
      modules[name] = {
        name,
        file,
        line: blockLine(text, 'module', name),
        source,
        sourceDir: source.startsWith('./') || source.startsWith('../') ? join(absolute, source) : undefined,
        arguments: Object.fromEntries(Object.entries(body).filter(([key]) => !moduleMetaArguments.has(key))),
        metaArguments: Object.fromEntries(Object.entries(body).filter(([key]) => moduleMetaArguments.has(key))),
      };
    }
    for (const [name, blocks] of entries(parsed['output'])) {
      const body = first(blocks);
      outputs[name] = {
        name,
        file,
        line: blockLine(text, 'output', name),
        description: asString(body['description']),
        value: body['value'],
        body,
      };
    }
    for (const [name, blocks] of entries(parsed['provider']))
      for (const body of Array.isArray(blocks) ? blocks.filter(isRecord) : []) providers.push({ name, file, body });
    for (const body of Array.isArray(parsed['terraform']) ? parsed['terraform'].filter(isRecord) : [])
      terraform.push({ name: 'terraform', file, body });
  }
  const bySource = (a: Block, b: Block): number => a.file.localeCompare(b.file) || a.line - b.line;
  return {
    dir: absolute,
    sources,
    variables,
    locals,
    localFiles,
    resources: resources.sort(bySource),
    data: data.sort(bySource),
    modules,
    outputs,
    providers,
    terraform,
  };
};

/** A string somewhere in a module: `address` names its block, `attribute` the path inside it. */
export interface ModuleString {
  readonly file: string;
  readonly address: string;
  readonly attribute: string;
  readonly text: string;
}

const stringsIn = (value: unknown, path: string): { attribute: string; text: string }[] => {
  if (typeof value === 'string') return [{ attribute: path, text: value }];
  if (Array.isArray(value)) return value.flatMap((element, i) => stringsIn(element, `${path}[${i}]`));
  if (isRecord(value))
    return Object.entries(value).flatMap(([key, element]) => stringsIn(element, path === '' ? key : `${path}.${key}`));
  return [];
};

/** Every string of the module (expressions appear as `${...}` strings), with where it is. */
const moduleStrings = (module: TfModule): readonly ModuleString[] => {
  const located = (file: string, address: string, body: unknown): ModuleString[] =>
    stringsIn(body, '').map((found) => ({ file, address, ...found }));
  return [
    ...Object.values(module.variables).flatMap((v) => located(v.file, `var.${v.name}`, v.body)),
    ...Object.entries(module.locals).flatMap(([name, expression]) =>
      located(module.localFiles[name] ?? '', `local.${name}`, expression),
    ),
    ...module.resources.map((block) => located(block.file, block.address, block.body)).flat(),
    ...module.data.map((block) => located(block.file, block.address, block.body)).flat(),
    ...Object.values(module.modules).flatMap((call) =>
      located(call.file, `module.${call.name}`, { ...call.arguments, ...call.metaArguments }),
    ),
    ...Object.values(module.outputs).flatMap((output) => located(output.file, `output.${output.name}`, output.body)),
    ...module.providers.flatMap((provider) => located(provider.file, `provider.${provider.name}`, provider.body)),
    ...module.terraform.flatMap((block) => located(block.file, 'terraform', block.body)),
  ];
};

/** Every `${...}` expression of the module, with where it is. */
export const moduleExpressions = (module: TfModule): readonly (ModuleString & { readonly expression: string })[] =>
  moduleStrings(module).flatMap((found) =>
    templateParts(found.text).flatMap((part) => (part.kind === 'interpolation' ? [{ ...found, expression: part.expression }] : [])),
  );

/** The input expressions a root module passes to one of its module calls. */
export const moduleInputs = async (rootDir: string, moduleName: string): Promise<Readonly<Record<string, unknown>>> => {
  const root = await loadModule(rootDir);
  const call = root.modules[moduleName];
  return call?.arguments ?? fail({ _tag: 'ModuleCallMissing', rootDir: root.dir, module: moduleName });
};
