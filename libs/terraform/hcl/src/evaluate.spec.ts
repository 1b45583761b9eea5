import { HclError } from './errors';
import { evaluate, parseTraversal, type Scope } from './evaluate';

const scope: Scope = {
  variables: { project: 'sales-pipeline', max: 10, tags: { team: 'data' }, zones: ['a', 'b'] },
  locals: {
    name_prefix: '${var.project}-${terraform.workspace}',
    names: {
      bucket: '${local.name_prefix}-data-lake-${data.aws_caller_identity.current.account_id}-${data.aws_region.current.region}',
      table: '${local.name_prefix}-orders',
      broken: '${upper(var.project)}',
    },
    max: '${var.max}',
    ping: '${local.pong}',
    pong: '${local.ping}',
  },
  workspace: 'local',
  data: { 'aws_caller_identity.current': { account_id: '000000000000' }, 'aws_region.current': { region: 'us-east-1' } },
  path: { module: '/m' },
};

const problemOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof HclError) return error.problem;
    throw error;
  }
  throw new Error('expected an HclError');
};

describe('evaluate', () => {
  it('evaluates literals, maps and lists', () => {
    expect(evaluate(5, scope)).toBe(5);
    expect(evaluate(true, scope)).toBe(true);
    expect(evaluate(null, scope)).toBeNull();
    expect(evaluate({ a: ['x', 1] }, scope)).toEqual({ a: ['x', 1] });
    expect(evaluate('costs $${price}', scope)).toBe('costs ${price}');
  });

  it('evaluates names through locals, variables, the workspace and data sources', () => {
    expect(evaluate('${local.names.bucket}', scope)).toBe('sales-pipeline-local-data-lake-000000000000-us-east-1');
    expect(evaluate('${local.names["table"]}', scope)).toBe('sales-pipeline-local-orders');
    expect(evaluate('x-${terraform.workspace}', scope)).toBe('x-local');
    expect(evaluate('${path.module}/templates/a.tftpl', scope)).toBe('/m/templates/a.tftpl');
  });

  it('keeps the type of a lone interpolation and indexes maps and lists', () => {
    expect(evaluate('${local.max}', scope)).toBe(10);
    expect(evaluate('n=${var.max}', scope)).toBe('n=10');
    expect(evaluate('${var.tags.team}', scope)).toBe('data');
    expect(evaluate('${var.zones[1]}', scope)).toBe('b');
  });

  it('evaluates only the entry of a local map that is asked for', () => {
    expect(evaluate('${local.names.table}', scope)).toBe('sales-pipeline-local-orders');
    expect(() => evaluate('${local.names}', scope)).toThrow(/upper/);
  });

  it('refuses function calls, conditionals and resource references, naming them', () => {
    expect(problemOf(() => evaluate('${upper(var.project)}', scope))).toMatchObject({
      _tag: 'ExpressionUnsupported',
      expression: 'upper(var.project)',
      reason: 'a function call (upper)',
    });
    expect(problemOf(() => evaluate('${var.max > 1 ? "a" : "b"}', scope))).toMatchObject({
      _tag: 'ExpressionUnsupported',
      reason: 'a conditional',
    });
    expect(problemOf(() => evaluate('${aws_sqs_queue.this.url}', scope))).toMatchObject({
      _tag: 'ExpressionUnsupported',
      expression: 'aws_sqs_queue.this.url',
    });
    expect(() => evaluate('a %{ if true }b%{ endif }', scope)).toThrow(/template directive/);
    expect(problemOf(() => evaluate('${data.aws_partition.current.partition}', scope))).toMatchObject({
      _tag: 'ExpressionUnsupported',
      reason: 'the data source aws_partition.current is not in the scope',
    });
  });

  it('delegates what it cannot evaluate to the resolver', () => {
    const resolve = (expression: string) => (expression === 'aws_sqs_queue.this.url' ? 'http://127.0.0.1:1/q' : undefined);
    expect(evaluate('${aws_sqs_queue.this.url}', { ...scope, resolve })).toBe('http://127.0.0.1:1/q');
    expect(() => evaluate('${aws_sqs_queue.other.url}', { ...scope, resolve })).toThrow(/aws_sqs_queue\.other\.url/);
  });

  it('refuses unknown references and cycles, naming them', () => {
    expect(problemOf(() => evaluate('${var.nope}', scope))).toMatchObject({ _tag: 'ReferenceUnknown', reference: 'var.nope' });
    expect(problemOf(() => evaluate('${local.nope}', scope))).toMatchObject({ _tag: 'ReferenceUnknown', reference: 'local.nope' });
    expect(problemOf(() => evaluate('${local.names.nope}', scope))).toMatchObject({ _tag: 'ReferenceUnknown' });
    expect(problemOf(() => evaluate('${var.tags.nope}', scope))).toMatchObject({ _tag: 'ReferenceUnknown', reference: 'var.tags.nope' });
    expect(problemOf(() => evaluate('${local.ping}', scope))).toEqual({
      _tag: 'ReferenceCycle',
      chain: ['local.ping', 'local.pong', 'local.ping'],
    });
  });
});

describe('parseTraversal', () => {
  it('splits references and rejects other expressions', () => {
    expect(parseTraversal('local.names["a-b"].c[0]')).toEqual(['local', 'names', 'a-b', 'c', 0]);
    expect(parseTraversal('upper(x)')).toBeUndefined();
    expect(parseTraversal('a.b + 1')).toBeUndefined();
  });
});
