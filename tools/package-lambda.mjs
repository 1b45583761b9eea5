#!/usr/bin/env node
// Packs one esbuild bundle into a byte-reproducible Lambda zip: one entry `index.js`, fixed timestamp and mode,
// so two builds of the same source (any machine, any time zone) give the same bytes and `source_code_hash` only
// changes when the code does.
//   node tools/package-lambda.mjs <bundle-dir> <zip-file>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { zipSync } from 'fflate';

// fflate writes the DOS timestamp in local time: pin the zone before any Date is read.
process.env.TZ = 'UTC';

const FIXED_MTIME = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
const UNIX = 3;

const [bundleDir, zipFile] = process.argv.slice(2);
if (!bundleDir || !zipFile) {
  console.error('usage: package-lambda.mjs <bundle-dir> <zip-file>');
  process.exit(2);
}

const bundle = readFileSync(join(bundleDir, 'index.js'));
const zip = zipSync(
  { 'index.js': [bundle, { mtime: FIXED_MTIME, attrs: REGULAR_FILE_0644, os: UNIX, level: 9 }] },
  { mtime: FIXED_MTIME },
);
mkdirSync(dirname(zipFile), { recursive: true });
writeFileSync(zipFile, zip);
console.log(`${zipFile}: ${zip.byteLength} bytes (index.js ${bundle.byteLength} bytes)`);
