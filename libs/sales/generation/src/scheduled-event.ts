import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { IsoDateTime } from '@sales-pipeline/orders-domain';
import { formatReason, reasonsOf, type Reason } from '@sales-pipeline/orders-domain';

/** What the EventBridge Scheduler target sends: `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`. */
export const ScheduledEvent = t.type({ scheduledTime: IsoDateTime });
export type ScheduledEvent = t.TypeOf<typeof ScheduledEvent>;

export type InvalidEvent = { readonly _tag: 'InvalidEvent'; readonly reasons: readonly Reason[] };

export const decodeScheduledEvent = (event: unknown): E.Either<InvalidEvent, ScheduledEvent> =>
  pipe(
    ScheduledEvent.decode(event),
    E.mapLeft((errors): InvalidEvent => ({ _tag: 'InvalidEvent', reasons: reasonsOf(errors, '(event)') })),
  );

export const describeInvalidEvent = (error: InvalidEvent): string => `invalid event: ${error.reasons.map(formatReason).join('; ')}`;
