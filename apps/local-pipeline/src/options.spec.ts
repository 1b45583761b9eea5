import * as E from 'fp-ts/Either';
import { describeOptionsError, parseDuration, parseOptions } from './options';

describe('parseOptions', () => {
  it('defaults to running the schedule until interrupted', () => {
    expect(parseOptions([])).toEqual(E.right({ mode: { _tag: 'Schedule', ticks: undefined, everyMs: undefined }, json: false, verbose: false, keep: false, report: false, faults: [], seed: 1, workspace: 'local', stateDir: undefined, fresh: false }));
  });

  it('reads --ticks, --every and --json', () => {
    expect(parseOptions(['--ticks', '3', '--every=2s', '--json'])).toEqual(
      E.right({ mode: { _tag: 'Schedule', ticks: 3, everyMs: 2000 }, json: true, verbose: false, keep: false, report: false, faults: [], seed: 1, workspace: 'local', stateDir: undefined, fresh: false }),
    );
  });

  it('reads --upload', () => {
    expect(parseOptions(['--upload', 'orders.json'])).toEqual(E.right({ mode: { _tag: 'Upload', files: ['orders.json'] }, json: false, verbose: false, keep: false, report: false, faults: [], seed: 1, workspace: 'local', stateDir: undefined, fresh: false }));
  });

  it('reads several --upload files, put at once', () => {
    expect(parseOptions(['--upload', 'a.json', '--upload', 'b.json'])).toMatchObject(E.right({ mode: { _tag: 'Upload', files: ['a.json', 'b.json'] } }));
  });

  it('reads a --faults campaign and its --seed', () => {
    expect(parseOptions(['--ticks', '1', '--faults', 'dynamodb:putItem=throttle@10%,sns:publish=error/after', '--seed', '7'])).toMatchObject(
      E.right({
        faults: [
          { resource: 'dynamodb:putItem', fault: { kind: 'throttle' }, share: 0.1, phase: 'before' },
          { resource: 'sns:publish', fault: { kind: 'serviceError', error: 'SNS.InternalErrorException' }, share: 1, phase: 'after' },
        ],
        seed: 7,
      }),
    );
  });

  it('reads --workspace', () => {
    expect(parseOptions(['--upload', 'big.json', '--workspace', 'prod'])).toMatchObject(E.right({ mode: { _tag: 'Upload' }, workspace: 'prod' }));
  });

  it('reads --report', () => {
    expect(parseOptions(['--ticks', '3', '--report'])).toMatchObject(E.right({ mode: { _tag: 'Schedule', ticks: 3 }, report: true }));
  });

  it('reads --state and --fresh', () => {
    expect(parseOptions(['--ticks', '3', '--state', '/tmp/runs/a', '--fresh'])).toMatchObject(E.right({ stateDir: '/tmp/runs/a', fresh: true }));
  });

  it('reads --verbose and --keep', () => {
    expect(parseOptions(['--upload', 'orders.json', '--verbose', '--keep'])).toEqual(
      E.right({ mode: { _tag: 'Upload', files: ['orders.json'] }, json: false, verbose: true, keep: true, report: false, faults: [], seed: 1, workspace: 'local', stateDir: undefined, fresh: false }),
    );
  });

  it.each([
    [['--ticks', '0'], /--ticks: "0" is not a whole number of at least 1/],
    [['--ticks', 'many'], /--ticks: "many" is not a whole number/],
    [['--every', 'soon'], /--every: "soon" is not a duration such as 2s/],
    [['--upload', 'a.json', '--ticks', '2'], /--upload and --ticks cannot be used together/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--faults', 'dynamodb:putItem=melt'], /--faults: "dynamodb:putItem=melt": unknown fault "melt"/],
    [['--upload', 'a.json', '--faults', 'sqs:sendMessage=crash'], /"crash" applies to lambda:invoke only/],
    [['--faults', 'sns:publish=throttle', '--seed', 'x'], /--seed: "x" is not a whole number/],
    [['stray'], /positional argument/],
    [['--workspace', '../prod'], /--workspace: "..\/prod" is not a workspace name/],
    [['--state', ''], /--state: "" is not a folder path/],
    [['--seed', '3'], /^--seed draws the --faults campaign: give --faults too/],
    [['--ticks', '\u001b]0;x\u0007'], /^--ticks: "\\x1b\]0;x\\x07" is not a whole number/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    const result = parseOptions(argv);
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) expect(describeOptionsError(result.left)).toMatch(message);
  });

  it('asks for help', () => {
    expect(parseOptions(['--help'])).toEqual(E.left({ _tag: 'HelpRequested' }));
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60000],
    ['1h', 3600000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toEqual(E.right(ms)));
});
