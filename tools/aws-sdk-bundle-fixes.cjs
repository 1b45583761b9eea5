// Two source rewrites of the AWS SDK v3 as esbuild bundles it, each the same program with less for esbuild to keep
// or wrap. Each throws at build time when the file it rewrites no longer has the shape it expects, so an SDK update
// that fixes (or moves) the code fails the build instead of silently bundling the bloat again.
const { readFile } = require('node:fs/promises');
const { dirname } = require('node:path');

/**
 * The SDK's generated schemas (`@aws-sdk/client-*\/dist-es/schemas/schemas_*.js`) write their trait objects with
 * computed keys, `{ [_e]: _c }` after `const _e = "error"`; esbuild counts a computed key as a possible side effect,
 * so it keeps every schema of the client (all S3 operations for one PutObject). The keys become the string literals
 * they name: smithy-lang/smithy-typescript#1889 (for aws/aws-sdk-js-v3#7607, evanw/esbuild#4373), applied here.
 */
const literalSchemaTraitKeys = (source, path) => {
  const strings = new Map([...source.matchAll(/^const (_\w+) = ("[^"\\]*");$/gm)].map(([, name, literal]) => [name, literal]));
  let rewritten = 0;
  const contents = source.replace(/\[(_\w+)\]:/g, (key, name) => {
    const literal = strings.get(name);
    if (literal === undefined) throw new Error(`${path}: computed key ${key} is not one of the file's string constants`);
    rewritten += 1;
    return `${literal}:`;
  });
  if (rewritten === 0) throw new Error(`${path}: no computed trait keys left to rewrite; drop literalSchemaTraitKeys`);
  return contents;
};

const EVENT_STREAMS_IMPORT = 'await import("@smithy/core/event-streams")';

/**
 * `HttpProtocol.loadEventStreamCapability` loads `@smithy/core/event-streams` with `import()`. In a bundle esbuild
 * turns that into a lazy init and wraps the module and everything it reaches (most of @smithy/core) in init closures
 * that V8 parses twice; every client's runtime config imports the same module statically anyway, so the lazy load
 * saves nothing in a bundle. A static namespace import instead.
 */
const staticEventStreamsImport = (source, path) => {
  if (!source.includes(EVENT_STREAMS_IMPORT)) throw new Error(`${path}: no ${EVENT_STREAMS_IMPORT}; drop staticEventStreamsImport`);
  return `import * as eventStreams from "@smithy/core/event-streams";\n${source.replaceAll(EVENT_STREAMS_IMPORT, 'eventStreams')}`;
};

const rewrites = [
  { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/, rewrite: literalSchemaTraitKeys },
  { filter: /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/, rewrite: staticEventStreamsImport },
];

/** The esbuild plugin applying both rewrites to the files esbuild loads. */
const awsSdkBundleFixes = {
  name: 'aws-sdk-bundle-fixes',
  setup(build) {
    for (const { filter, rewrite } of rewrites) {
      build.onLoad({ filter }, async ({ path }) => ({
        contents: rewrite(await readFile(path, 'utf8'), path),
        loader: 'js',
        resolveDir: dirname(path),
      }));
    }
  },
};

module.exports = { awsSdkBundleFixes, literalSchemaTraitKeys, staticEventStreamsImport };
