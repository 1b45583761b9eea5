import * as E from 'fp-ts/Either';
import { decodeScheduledEvent, describeInvalidEvent } from './scheduled-event';

describe('decodeScheduledEvent', () => {
  it('takes the Scheduler target input', () => {
    expect(decodeScheduledEvent({ scheduledTime: '2025-03-01T12:34:00Z' })).toEqual(E.right({ scheduledTime: '2025-03-01T12:34:00Z' }));
  });

  it.each([
    [{}, 'invalid event: scheduledTime: missing'],
    [{ scheduledTime: 'yesterday' }, 'invalid event: scheduledTime: must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z'],
    [{ scheduledTime: '2025-02-30T00:00:00Z' }, 'invalid event: scheduledTime: must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:30:00Z'],
    ['2025-03-01T12:34:00Z', expect.stringMatching(/^invalid event: \(event\): /)],
  ])('names the field of a bad event %j', (event, message) => {
    const decoded = decodeScheduledEvent(event);
    expect(E.isLeft(decoded) && describeInvalidEvent(decoded.left)).toEqual(message);
  });
});
