import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadModule } from '@sales-pipeline/terraform-hcl';

/**
 * The README of the root and of every module lists each input and output exactly once, with the description of
 * variables.tf / outputs.tf and whether it is required. (terraform-docs, which would generate the tables, is neither
 * on npm nor in Debian; Terraform itself never reads a README.)
 */

const terraformDir = join(__dirname, '..');
const moduleDirs = [
  terraformDir,
  ...readdirSync(join(terraformDir, 'modules'), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [join(terraformDir, 'modules', entry.name)] : [])),
];

/** The rows of the first table after a heading named `name` (## or ###): first cell -> the other cells. */
const tableAfter = (markdown: string, name: string): ReadonlyMap<string, readonly string[]> => {
  const lines = markdown.split('\n');
  const heading = lines.findIndex((line) => new RegExp(`^#{2,3} ${name}$`).test(line));
  if (heading === -1) return new Map();
  const start = lines.findIndex((line, index) => index > heading && line.startsWith('|'));
  const rows = [];
  for (let index = start + 2; start !== -1 && index < lines.length && lines[index]?.startsWith('|'); index += 1) rows.push(lines[index] ?? '');
  return new Map(
    rows.map((row) => {
      const cells = row
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|'));
      return [cells[0] ?? '', cells.slice(1)];
    }),
  );
};

describe.each(moduleDirs.map((dir) => [relative(terraformDir, dir) || 'the root module', dir]))('the README of %s', (_name, dir) => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');

  it('lists every input with its description and whether it is required', async () => {
    const module = await loadModule(dir);
    const rows = tableAfter(readme, 'Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(module.variables).sort());
    for (const variable of Object.values(module.variables))
      expect([variable.name, rows.get(variable.name)?.[0], rows.get(variable.name)?.at(-1)]).toEqual([variable.name, variable.description, variable.hasDefault ? 'no' : 'yes']);
  });

  it('lists every output with its description', async () => {
    const module = await loadModule(dir);
    const rows = tableAfter(readme, 'Outputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(module.outputs).sort());
    for (const output of Object.values(module.outputs)) expect([output.name, rows.get(output.name)?.[0]]).toEqual([output.name, output.description]);
  });
});
