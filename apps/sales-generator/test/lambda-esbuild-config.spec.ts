import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const workspaceRoot = join(__dirname, '..', '..', '..');
// Workspace build tooling, not a project: loaded by path, as the Nx build loads the config.
const { literalSchemaTraitKeys, staticEventStreamsImport }: typeof import('../../../tools/aws-sdk-bundle-fixes.cjs') = require(
  join(workspaceRoot, 'tools', 'aws-sdk-bundle-fixes.cjs'),
);
const lambdaEsbuildOptions: typeof import('../../../tools/lambda-esbuild.config.cjs') = require(join(workspaceRoot, 'tools', 'lambda-esbuild.config.cjs'));

// The Lambda bundles rewrite two files of the AWS SDK as esbuild loads them (tools/lambda-esbuild.config.cjs): the
// rewritten SDK must be the same program, and the rewrites must be what makes the bundle smaller; and they load no
// shared config files. Each case bundles with the Lambda apps' options, once without their plugins (the SDK as
// published).
const schemasPath = join(dirname(require.resolve('@aws-sdk/client-s3/package.json')), 'dist-es', 'schemas', 'schemas_0.js');

const bundle = async (options: BuildOptions, fixed: boolean): Promise<string> => {
  const result = await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    write: false,
    // The options' paths (the credentials alias) are the workspace's, as in the Nx build.
    absWorkingDir: workspaceRoot,
    ...lambdaEsbuildOptions,
    ...options,
    plugins: fixed ? (lambdaEsbuildOptions.plugins ?? []) : [],
  });
  return result.outputFiles?.[0]?.text ?? '';
};

/** Evaluates a CommonJS bundle in a scope of its own (its registries are its own). */
const evaluate = (code: string): Record<string, unknown> => {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
};

/** A schema as comparable text: nested schemas are thunks, compared by their source. */
const schemaText = (schema: unknown): string =>
  JSON.stringify(schema, (_key, value: unknown) => (typeof value === 'function' ? `function ${value.toString()}` : value));

interface Registry {
  readonly namespace: string;
  readonly schemas: Map<string, unknown>;
  readonly exceptions: Map<unknown, { readonly name: string }>;
}

describe('the esbuild options of the Lambda bundles', () => {
  it('keeps every S3 schema and error registration the same with literal trait keys', async () => {
    const original = await bundle({ entryPoints: [schemasPath] }, false);
    const rewritten = await bundle({ entryPoints: [schemasPath] }, true);
    expect(rewritten).not.toBe(original);
    const before = evaluate(original);
    const after = evaluate(rewritten);
    const schemaNames = Object.keys(before).filter((name) => name.endsWith('$'));
    expect(schemaNames.length).toBeGreaterThan(400);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of schemaNames) expect(schemaText(after[name])).toBe(schemaText(before[name]));
    const registries = (exports: Record<string, unknown>) =>
      (exports['errorTypeRegistries'] as readonly Registry[]).map((registry) => ({
        namespace: registry.namespace,
        schemas: [...registry.schemas.entries()].map(([id, schema]) => [id, schemaText(schema)]),
        exceptions: [...registry.exceptions.values()].map((error) => error.name),
      }));
    expect(registries(after)).toEqual(registries(before));
  });

  it('lets esbuild drop the schemas of the operations a bundle does not use', async () => {
    const onlyPutObject = { stdin: { contents: `export { PutObject$ } from ${JSON.stringify(schemasPath)};`, resolveDir: __dirname }, minify: true };
    const original = await bundle(onlyPutObject, false);
    const rewritten = await bundle(onlyPutObject, true);
    expect(original).toContain('SelectObjectContent');
    expect(rewritten).not.toContain('SelectObjectContent');
    expect(rewritten).toContain('PutObject');
    expect(rewritten.length).toBeLessThan(original.length / 3);
  });

  it('bundles an S3 client without wrapping modules for a lazy init', async () => {
    const client = { stdin: { contents: `export { S3Client } from '@aws-sdk/client-s3';`, resolveDir: __dirname } };
    const original = await bundle(client, false);
    const rewritten = await bundle(client, true);
    expect(original).toContain('__esm(');
    expect(rewritten).not.toContain('__esm(');
  });

  it('fails the build when a file no longer has the shape a rewrite expects', () => {
    expect(() => literalSchemaTraitKeys('const _e = "error";\nexport var A$ = [-3, "ns", "A", { "error": _e }];\n', 'schemas_0.js')).toThrow(
      'schemas_0.js: no computed trait keys left to rewrite; drop literalSchemaTraitKeys',
    );
    expect(() => literalSchemaTraitKeys('export var A$ = [-3, "ns", "A", { [_x]: 1 }];\n', 'schemas_0.js')).toThrow(
      'schemas_0.js: computed key [_x]: is not one of the file\'s string constants',
    );
    expect(() => staticEventStreamsImport('export class HttpProtocol {}\n', 'HttpProtocol.js')).toThrow(
      'HttpProtocol.js: no await import("@smithy/core/event-streams"); drop staticEventStreamsImport',
    );
  });

  it('bundles a shared config file loader that finds no files', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lambda-esbuild-config-'));
    const configFile = join(home, 'config');
    writeFileSync(configFile, '[default]\nretry_mode = adaptive\n');
    const loader = { stdin: { contents: `export { loadSharedConfigFiles } from '@smithy/core/config';`, resolveDir: __dirname } };
    const load = async (fixed: boolean) => {
      const { loadSharedConfigFiles } = evaluate(await bundle(loader, fixed)) as {
        loadSharedConfigFiles: (init: { configFilepath: string; filepath: string }) => Promise<unknown>;
      };
      return loadSharedConfigFiles({ configFilepath: configFile, filepath: join(home, 'credentials') });
    };
    expect(await load(false)).toEqual({ configFile: { default: { retry_mode: 'adaptive' } }, credentialsFile: {} });
    expect(await load(true)).toEqual({ configFile: {}, credentialsFile: {} });
  });
});
