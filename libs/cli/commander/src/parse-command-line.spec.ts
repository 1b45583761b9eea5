import { Command, InvalidArgumentError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import { CliExitCode, parseCommandLine } from './parse-command-line';

const program = (written: string[]) => {
  const ran: string[] = [];
  const root = new Command('tool')
    .configureOutput({ writeOut: (text) => written.push(text), writeErr: (text) => written.push(text) })
    .addOption(
      new Option('--count <n>', 'a number').argParser((value) => {
        if (!/^\d+$/.test(value)) throw new InvalidArgumentError('not a number');
        return Number(value);
      }),
    );
  const group = root.command('group');
  group.command('run').action(() => {
    ran.push('run');
  });
  return { root, ran };
};

const argv = (...args: string[]) => ['node', 'tool', ...args];

describe('parseCommandLine', () => {
  it('gives the parsed program when the command is to run, after a subcommand action ran', async () => {
    const written: string[] = [];
    const { root, ran } = program(written);
    const parsed = await parseCommandLine(root, argv('--count', '3', 'group', 'run'));
    expect(E.isRight(parsed) && parsed.right.opts()).toEqual({ count: 3 });
    expect(ran).toEqual(['run']);
  });

  it.each([
    ['an unknown option', ['--nope']],
    ['a bad option value', ['--count', 'x']],
    ['an unknown subcommand of a subcommand', ['group', 'walk']],
  ])('exits with the usage code after %s, commander having said what was wrong', async (_, args) => {
    const written: string[] = [];
    const parsed = await parseCommandLine(program(written).root, argv(...args));
    expect(parsed).toEqual(E.left(CliExitCode.usage));
    expect(written.join('')).toMatch(/error/);
  });

  it('exits with 0 after --help, at any depth', async () => {
    const written: string[] = [];
    await expect(parseCommandLine(program(written).root, argv('group', '--help'))).resolves.toEqual(E.left(CliExitCode.ok));
    expect(written.join('')).toContain('Usage: tool group');
  });
});
