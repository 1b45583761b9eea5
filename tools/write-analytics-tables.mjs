#!/usr/bin/env node
// Writes terraform/modules/analytics/tables.json from the zone's tables (libs/analytics/zone, whose order columns derive
// from the order codec), so Terraform's Glue tables have the very columns the pipeline writes and DuckDB reads.
// terraform/tests/analytics-tables.spec.ts fails while the file and the codec differ.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = buildSync({
  stdin: { contents: "export { glueTables } from '@sales-pipeline/analytics-zone';", resolveDir: root },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'error',
});
const module = { exports: {} };
new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const target = join(root, 'terraform', 'modules', 'analytics', 'tables.json');
writeFileSync(target, JSON.stringify(module.exports.glueTables(), null, 2) + '\n');
process.stdout.write(`wrote ${target}\n`);
