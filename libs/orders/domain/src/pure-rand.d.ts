// pure-rand 8 publishes its modules through package.json "exports" only, which TypeScript's `node10` resolution
// (this workspace's) does not read; the runtime (Node, Jest, esbuild) does. Point the types at the same files.
declare module 'pure-rand/generator/xoroshiro128plus' {
  export * from 'pure-rand/lib/generator/xoroshiro128plus';
}
declare module 'pure-rand/distribution/uniformInt' {
  export * from 'pure-rand/lib/distribution/uniformInt';
}
