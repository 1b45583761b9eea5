import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every scanner finding this project accepts is suppressed inline, next to what it is about, with its reason
 * (`# checkov:skip=<id>:<reason>` inside the block, `# tflint-ignore: <rule> # <reason>` above the line), and the
 * "Scanners" table of terraform/README.md lists each one with the same reason: the README is the list a reviewer
 * reads, the comment is what the scanner reads, and neither may drift.
 */

const terraformDir = join(__dirname, '..');

const tfFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'tests' ? [] : tfFiles(path);
    return entry.name.endsWith('.tf') ? [path] : [];
  });

interface Suppression {
  readonly scanner: string;
  readonly rule: string;
  readonly where: string;
  readonly reason: string;
}

const blockHeader = /^(resource|data|module|provider)\s+"([^"]+)"(?:\s+"([^"]+)")?\s*\{/;

/** The suppressions of one file's text, each with the block it sits in (checkov) or precedes (tflint). */
const suppressionsOf = (text: string, moduleDir: string): Suppression[] => {
  const lines = text.split('\n');
  const blockAt = (index: number, direction: -1 | 1): string => {
    for (let i = index; i >= 0 && i < lines.length; i += direction) {
      const match = blockHeader.exec(lines[i] ?? '');
      if (match !== null) return match[1] === 'resource' ? `${match[2]}.${match[3]}` : `${match[1]}.${[match[2], match[3]].filter(Boolean).join('.')}`;
    }
    return '?';
  };
  return lines.flatMap((line, index) => {
    const checkov = /#\s*checkov:skip=([A-Z0-9_]+):(.+)$/.exec(line);
    if (checkov !== null) return [{ scanner: 'checkov', rule: checkov[1] ?? '', where: `${moduleDir}: ${blockAt(index, -1)}`, reason: (checkov[2] ?? '').trim() }];
    const tflint = /#\s*tflint-ignore:\s*([a-z0-9_]+)\s*#\s*(.+)$/.exec(line);
    if (tflint !== null) return [{ scanner: 'tflint', rule: tflint[1] ?? '', where: `${moduleDir}: ${blockAt(index, 1)}`, reason: (tflint[2] ?? '').trim() }];
    return [];
  });
};

const suppressionsIn = (file: string): Suppression[] => suppressionsOf(readFileSync(file, 'utf8'), relative(terraformDir, join(file, '..')) || 'root');

const readmeRows = (): Suppression[] => {
  const lines = readFileSync(join(terraformDir, 'README.md'), 'utf8').split('\n');
  const heading = lines.findIndex((line) => /^#{2,3} Scanners$/.test(line));
  const start = lines.findIndex((line, index) => index > heading && line.startsWith('|'));
  const rows: Suppression[] = [];
  for (let index = start + 2; heading !== -1 && start !== -1 && lines[index]?.startsWith('|'); index += 1) {
    const [scanner = '', rule = '', where = '', reason = ''] = (lines[index] ?? '').slice(1, -1).split(' | ').map((cell) => cell.trim().replace(/^`|`$/g, ''));
    rows.push({ scanner, rule, where, reason });
  }
  return rows;
};

const key = (suppression: Suppression): string => `${suppression.scanner} ${suppression.rule} ${suppression.where}`;

describe('accepted scanner findings', () => {
  const inline = tfFiles(terraformDir).flatMap(suppressionsIn);

  it('are suppressed inside or right above a block, each with a reason', () => {
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.filter((suppression) => suppression.where.endsWith('?') || suppression.reason.length < 20)).toEqual([]);
  });

  it('are each listed in the Scanners table of terraform/README.md, with the same reason, and nothing else is', () => {
    const sort = (list: Suppression[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sort(readmeRows())).toEqual(sort(inline));
  });

  it('are read with the block they belong to', () => {
    const text = [
      'resource "aws_s3_bucket" "logs" {',
      '  # checkov:skip=CKV_AWS_18:a log bucket does not log itself',
      '}',
      '# tflint-ignore: aws_s3_bucket_name # the name comes from a variable',
      'data "aws_iam_policy_document" "key" {',
      '}',
    ].join('\n');
    expect(suppressionsOf(text, 'modules/x')).toEqual([
      { scanner: 'checkov', rule: 'CKV_AWS_18', where: 'modules/x: aws_s3_bucket.logs', reason: 'a log bucket does not log itself' },
      { scanner: 'tflint', rule: 'aws_s3_bucket_name', where: 'modules/x: data.aws_iam_policy_document.key', reason: 'the name comes from a variable' },
    ]);
  });

});
