import * as E from 'fp-ts/Either';
import { compileEventPattern, matchesEventPattern } from './event-pattern';

const compiled = (pattern: unknown) => {
  const result = compileEventPattern(pattern);
  if (E.isLeft(result)) throw new Error(`${result.left.path}: ${result.left.reason}`);
  return result.right;
};
const matches = (pattern: unknown, event: unknown): boolean => matchesEventPattern(compiled(pattern))(event);
const refusal = (pattern: unknown): string => {
  const result = compileEventPattern(pattern);
  if (E.isRight(result)) throw new Error(`pattern was accepted: ${JSON.stringify(pattern)}`);
  return result.left.reason;
};

// The EC2 event of AWS's "Amazon EventBridge event patterns" page.
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

describe('EventBridge event patterns (AWS docs: "Amazon EventBridge event patterns")', () => {
  it('matches the instance-termination pattern and ignores fields the pattern leaves out', () => {
    const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };
    expect(matches(pattern, ec2Event)).toBe(true);
    expect(matches(pattern, { ...ec2Event, detail: { state: 'running' } })).toBe(false);
    expect(matches(pattern, { ...ec2Event, source: undefined })).toBe(false);
  });

  it('ORs the values of one field ("Matching event values": aws.ec2 or aws.fargate)', () => {
    const pattern = { source: ['aws.ec2', 'aws.fargate'] };
    expect(matches(pattern, { source: 'aws.fargate' })).toBe(true);
    expect(matches(pattern, { source: 'aws.ecs' })).toBe(false);
  });

  it('requires the same nesting: a top-level field does not match a nested one', () => {
    expect(matches({ detail: { state: ['terminated'] } }, { state: 'terminated' })).toBe(false);
  });

  it('compares JSON types: the string "100" is not the number 100, true is not "true"', () => {
    expect(matches({ price: [100] }, { price: 100 })).toBe(true);
    expect(matches({ price: [100] }, { price: 100.0 })).toBe(true);
    expect(matches({ price: ['100'] }, { price: 100 })).toBe(false);
    expect(matches({ flag: [true] }, { flag: 'true' })).toBe(false);
    expect(matches({ flag: [true] }, { flag: true })).toBe(true);
  });

  it('is case sensitive unless equals-ignore-case is used ("Equals (ignore case)": Name is "Alice")', () => {
    expect(matches({ Name: ['Alice'] }, { Name: 'alice' })).toBe(false);
    expect(matches({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'ALICE' })).toBe(true);
    expect(matches({ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, ec2Event)).toBe(true);
  });
});

describe('arrays (AWS docs: "Arrays in Amazon EventBridge event patterns")', () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };
  it('matches when the pattern array and the event array intersect', () => {
    expect(
      matches(pattern, {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      }),
    ).toBe(true);
    expect(matches(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(false);
    expect(matches(pattern, { resources: [] })).toBe(false);
  });

  it('matches a nested pattern against one element of an array of objects (never mixing two elements)', () => {
    const event = { items: [{ a: 1, b: 'x' }, { a: 2, b: 'y' }] };
    expect(matches({ items: { a: [2], b: ['y'] } }, event)).toBe(true);
    expect(matches({ items: { a: [1], b: ['y'] } }, event)).toBe(false);
  });
});

describe('null values and empty strings (AWS docs: "Matching null values and empty strings")', () => {
  const event = {
    version: '0',
    id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
    'detail-type': 'EC2 Instance Launch Successful',
    source: 'aws.autoscaling',
    account: '123456789012',
    time: '2015-11-11T21:31:47Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventVersion: '', responseElements: null },
  };
  it('matches an empty string with [""] and null with [null], never one for the other', () => {
    expect(matches({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [''] } }, event)).toBe(false);
    expect(matches({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matches({ detail: { missing: [null] } }, event)).toBe(false);
  });
});

describe('content filtering (AWS docs: "Content filtering in Amazon EventBridge event patterns")', () => {
  it('prefix matching: "time" starting with 2017-10-02', () => {
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' })).toBe(false);
  });

  it('prefix matching while ignoring case: service starting with EventB', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
    for (const service of ['EventBridge', 'EVENTBRIDGE', 'eventbus']) expect(matches(pattern, { detail: { service } })).toBe(true);
    expect(matches(pattern, { detail: { service: 'Event Bridge' } })).toBe(false);
  });

  it('suffix matching: FileName ending with .png', () => {
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' })).toBe(true);
    expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' })).toBe(false);
  });

  it('suffix matching while ignoring case: .png or .PNG', () => {
    const pattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
    expect(matches(pattern, { detail: { FileName: 'image.PNG' } })).toBe(true);
    expect(matches(pattern, { detail: { FileName: 'image.jpg' } })).toBe(false);
  });

  it('prefix and suffix only match strings', () => {
    expect(matches({ n: [{ prefix: '1' }] }, { n: 12 })).toBe(false);
    expect(matches({ n: [{ suffix: '2' }] }, { n: 12 })).toBe(false);
  });

  describe('anything-but matching', () => {
    it('with a string and with a number', () => {
      const state = { detail: { state: [{ 'anything-but': 'initializing' }] } };
      expect(matches(state, { detail: { state: 'running' } })).toBe(true);
      expect(matches(state, { detail: { state: 'initializing' } })).toBe(false);
      const limit = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
      expect(matches(limit, { detail: { 'x-limit': 124 } })).toBe(true);
      expect(matches(limit, { detail: { 'x-limit': 123 } })).toBe(false);
    });

    it('does not match a missing field', () => {
      expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: {} })).toBe(false);
    });

    it('with a list of strings and a list of numbers', () => {
      const states = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
      expect(matches(states, { detail: { state: 'running' } })).toBe(true);
      expect(matches(states, { detail: { state: 'overloaded' } })).toBe(false);
      const limits = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
      expect(matches(limits, { detail: { 'x-limit': 150 } })).toBe(true);
      expect(matches(limits, { detail: { 'x-limit': 300 } })).toBe(false);
    });

    it('with a prefix: state not starting with "init"', () => {
      const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
      expect(matches(pattern, { detail: { state: 'running' } })).toBe(true);
      expect(matches(pattern, { detail: { state: 'initializing' } })).toBe(false);
    });

    it('with a suffix: FileName not ending with .txt', () => {
      const pattern = { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } };
      expect(matches(pattern, { detail: { FileName: 'notes.md' } })).toBe(true);
      expect(matches(pattern, { detail: { FileName: 'notes.txt' } })).toBe(false);
    });

    it('ignoring case, with one value and with a list', () => {
      const one = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } };
      expect(matches(one, { detail: { state: 'INITIALIZING' } })).toBe(false);
      expect(matches(one, { detail: { state: 'running' } })).toBe(true);
      const list = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }] } };
      expect(matches(list, { detail: { state: 'Stopped' } })).toBe(false);
      expect(matches(list, { detail: { state: 'running' } })).toBe(true);
    });

    it('with a wildcard, one value and a list: FilePath not including /lib/ (or /bin/)', () => {
      const one = { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } };
      expect(matches(one, { detail: { FilePath: '/usr/lib/libc.so' } })).toBe(false);
      expect(matches(one, { detail: { FilePath: '/usr/share/doc' } })).toBe(true);
      const list = { detail: { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } };
      expect(matches(list, { detail: { FilePath: '/usr/bin/env' } })).toBe(false);
      expect(matches(list, { detail: { FilePath: '/etc/hosts' } })).toBe(true);
    });
  });

  describe('numeric matching', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    it('matches only when every field is in range', () => {
      expect(matches(pattern, { detail: { 'c-count': 5, 'd-count': 9.99, 'x-limit': 301.8 } })).toBe(true);
      expect(matches(pattern, { detail: { 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 } })).toBe(false);
      expect(matches(pattern, { detail: { 'c-count': 5.5, 'd-count': 9, 'x-limit': 301.8 } })).toBe(false);
      expect(matches(pattern, { detail: { 'c-count': 1, 'd-count': 10, 'x-limit': 301.8 } })).toBe(false);
      expect(matches(pattern, { detail: { 'c-count': 1, 'd-count': 1, 'x-limit': 302 } })).toBe(false);
    });
    it('works only with JSON numbers', () => {
      expect(matches({ price: [{ numeric: ['>', 10] }] }, { price: '11' })).toBe(false);
    });
    it('Price is more than 10, and less than or equal to 20 ("Comparison operators")', () => {
      const range = { Price: [{ numeric: ['>', 10, '<=', 20] }] };
      expect([10, 10.5, 20, 20.1].map((Price) => matches(range, { Price }))).toEqual([false, true, true, false]);
    });
  });

  it('IP address matching: sourceIPAddress in 10.0.0.0/24 (and IPv6)', () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
    expect(matches(pattern, { detail: { sourceIPAddress: '10.0.0.255' } })).toBe(true);
    expect(matches(pattern, { detail: { sourceIPAddress: '10.0.1.0' } })).toBe(false);
    const v6 = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(matches(v6, { ip: '2001:db8:ffff::1' })).toBe(true);
    expect(matches(v6, { ip: '2001:db9::1' })).toBe(false);
  });

  describe('exists matching', () => {
    it('exists true: matches the EC2 event that has detail.state, not an event without it', () => {
      const pattern = { detail: { state: [{ exists: true }] } };
      const event = {
        version: '0',
        id: '7bf73129-1428-4cd3-a780-95db273d1602',
        'detail-type': 'EC2 Instance State-change Notification',
        source: 'aws.ec2',
        account: '123456789012',
        time: '2015-11-11T21:29:54Z',
        region: 'us-east-1',
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
        detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
      };
      expect(matches(pattern, event)).toBe(true);
      expect(
        matches(pattern, {
          'detail-type': ['EC2 Instance State-change Notification'],
          resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
          detail: { 'c-count': { c1: 100 } },
        }),
      ).toBe(false);
    });

    it('exists false: matches a missing field and a field that is not a leaf (c-count is an object)', () => {
      const pattern = { detail: { 'c-count': [{ exists: false }] } };
      const base = {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      };
      expect(matches(pattern, { ...base, detail: { state: ['initializing', 'running'] } })).toBe(true);
      expect(matches(pattern, { ...base, detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } })).toBe(true);
      expect(matches(pattern, { ...base, detail: { 'c-count': 3 } })).toBe(false);
      expect(matches({ detail: { 'c-count': [{ exists: true }] } }, { ...base, detail: { 'c-count': { c1: 100 } } })).toBe(false);
    });

    it('exists true matches a null leaf, and exists false matches when the parent object is missing', () => {
      expect(matches({ a: [{ exists: true }] }, { a: null })).toBe(true);
      expect(matches({ detail: { a: [{ exists: false }] } }, { source: 'x' })).toBe(true);
    });
  });

  it('wildcard matching: EventBusArn and "Any file with a .png extension, located within the folder dir"', () => {
    const arn = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    expect(matches(arn, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' })).toBe(true);
    expect(matches(arn, { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' })).toBe(false);
    const png = { FileName: [{ wildcard: 'dir/*.png' }] };
    expect(matches(png, { FileName: 'dir/a/b.png' })).toBe(true);
    expect(matches(png, { FileName: 'other/b.png' })).toBe(false);
    expect(matches({ a: [{ wildcard: 'x\\*y' }] }, { a: 'x*y' })).toBe(true);
    expect(matches({ a: [{ wildcard: 'x\\*y' }] }, { a: 'xzy' })).toBe(false);
    expect(matches({ a: [{ wildcard: 'a.c' }] }, { a: 'abc' })).toBe(false);
  });

  it('complex example with multiple matching', () => {
    const pattern = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    };
    const event = { time: '2017-10-02T18:43:48Z', detail: { state: 'running', 'c-count': 2, 'd-count': 3, 'x-limit': 150 } };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { ...event, detail: { ...event.detail, 'x-limit': 200 } })).toBe(false);
  });

  it('when a key appears twice, the last one is used (the JSON text is parsed as AWS does)', () => {
    const pattern = '{ "detail": { "location": [ { "prefix": "us-" } ], "location": [ { "anything-but": "us-east" } ] } }';
    expect(matches(pattern, { detail: { location: 'eu-west' } })).toBe(true);
    expect(matches(pattern, { detail: { location: 'us-east' } })).toBe(false);
  });

  describe('$or matching', () => {
    it('ORs numeric conditions under detail', () => {
      const pattern = {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }],
        },
      };
      expect(matches(pattern, { detail: { 'x-limit': 301.8 } })).toBe(true);
      expect(matches(pattern, { detail: { 'c-count': 9, 'd-count': 11 } })).toBe(false);
    });

    it('source && (metricName || namespace)', () => {
      const pattern = {
        source: ['aws.cloudwatch'],
        $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
      };
      expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
      expect(matches(pattern, { source: 'aws.cloudwatch', metricName: 'Other' })).toBe(false);
      expect(matches(pattern, { source: 'aws.ec2', metricName: 'ReadLatency' })).toBe(false);
    });

    it('nested "Or" and "And"', () => {
      const pattern = {
        source: ['aws.cloudwatch'],
        $or: [
          { metricName: ['CPUUtilization', 'ReadLatency'] },
          { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
          { scope: ['Service'] },
        ],
      };
      expect(matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 })).toBe(true);
      expect(matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 })).toBe(false);
      expect(matches(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
    });

    it('keeps "$or" as an ordinary field name when its value is an object (backward compatibility)', () => {
      expect(matches({ $or: { a: ['x'] } }, { $or: { a: 'x' } })).toBe(true);
    });
  });
});

describe('invalid patterns are refused with a reason', () => {
  it.each([
    ['not an object', ['aws.s3'], 'Filter is not an object'],
    ['not JSON', '{ "source": [', 'not JSON'],
    ['an empty object', {}, 'Empty objects are not allowed'],
    ['a nested empty object', { detail: {} }, 'Empty objects are not allowed'],
    ['a bare value', { source: 'aws.s3' }, '"source" must be an object or an array'],
    ['an empty array', { source: [] }, 'Empty arrays are not allowed'],
    ['a nested array', { source: [['aws.s3']] }, 'Match value must be String, number, true, false, or null'],
    ['an unknown operator', { source: [{ contains: 's3' }] }, 'Unrecognized match type contains'],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, 'Only one key allowed in match expression'],
    ['a numeric prefix', { source: [{ prefix: 1 }] }, 'prefix match pattern must be a string'],
    ['an unknown prefix option', { source: [{ prefix: { wildcard: 'a' } }] }, 'Unsupported prefix pattern: wildcard'],
    ['exists that is not boolean', { source: [{ exists: 'yes' }] }, 'exists match pattern must be either true or false.'],
    ['a mixed anything-but list', { a: [{ 'anything-but': ['a', 1] }] }, 'mixed type is not supported'],
    ['anything-but null', { a: [{ 'anything-but': [null] }] }, 'start|null|boolean is not supported'],
    ['anything-but of an unknown kind', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
    ['numeric that is not a list', { a: [{ numeric: 5 }] }, 'Value of numeric must be an array.'],
    ['an unknown numeric operator', { a: [{ numeric: ['!=', 5] }] }, 'Unrecognized numeric range operator: !='],
    ['a numeric string operand', { a: [{ numeric: ['>', '5'] }] }, 'Value of > must be numeric'],
    ['an inverted range', { a: [{ numeric: ['>', 5, '<', 1] }] }, 'Bottom must be less than top'],
    ['a range with a bad upper operator', { a: [{ numeric: ['>', 1, '>', 5] }] }, 'Bad numeric range operator: >'],
    ['= with more terms', { a: [{ numeric: ['=', 1, '<', 5] }] }, 'Too many elements in numeric expression'],
    ['consecutive wildcards', { a: [{ wildcard: 'a**b' }] }, 'Consecutive wildcard characters'],
    ['a bad wildcard escape', { a: [{ wildcard: 'a\\b' }] }, 'Invalid escape'],
    ['a bad CIDR', { a: [{ cidr: '10.0.0.0/33' }] }, 'Nonstandard IP address'],
    ['$or with one branch', { $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
    ['$or with a non-object branch', { $or: [{ a: ['x'] }, ['y']] }, 'Only JSON object is allowed in array of $or relationship.'],
    ['an operator name inside $or', { $or: [{ numeric: [1] }, { prefix: ['a'] }] }, 'numeric is Ruler reserved fieldName'],
  ])('refuses %s', (_what, pattern, reason) => {
    expect(refusal(pattern)).toContain(reason);
  });

  it('names where the problem is', () => {
    const result = compileEventPattern({ detail: { object: { key: [{ prefix: 3 }] } } });
    expect(result).toEqual(E.left({ _tag: 'InvalidEventPattern', path: 'detail.object.key', reason: 'prefix match pattern must be a string' }));
  });
});
