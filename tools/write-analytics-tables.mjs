#!/usr/bin/env node
// Writes terraform/modules/analytics/tables.json from the zone's tables (libs/analytics/zone, whose order columns derive
// from the order codec), so Terraform's Glue tables have the very columns the pipeline writes and DuckDB reads.
// terraform/tests/analytics-tables.spec.ts fails while the file and the codec differ.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadBundled } = createRequire(import.meta.url)('./load-bundled.cjs');
const { glueTables } = loadBundled("export { glueTables } from '@sales-pipeline/analytics-zone';");
const target = join(root, 'terraform', 'modules', 'analytics', 'tables.json');
writeFileSync(target, JSON.stringify(glueTables(), null, 2) + '\n');
process.stdout.write(`wrote ${target}\n`);
