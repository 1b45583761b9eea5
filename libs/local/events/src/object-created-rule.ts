import type { Emulators } from '@sales-pipeline/local-emulators';
import { matchesEventPattern, type CompiledPattern } from './event-pattern';
import { objectCreatedEvent, type EventContext, type ObjectCreatedEvent, type ObjectWrite } from '@sales-pipeline/pipeline-contracts';
import { createInFlight } from './in-flight';

export interface Delivery {
  readonly event: ObjectCreatedEvent;
  readonly matched: boolean;
}

export interface ObjectCreatedRuleOptions extends EventContext {
  readonly pattern: CompiledPattern;
  /** The rule's target: on the real system, StartExecution of the state machine with the event as input. */
  readonly target: (event: ObjectCreatedEvent) => unknown;
  /** A target that threw or rejected (EventBridge would retry it, then send the event to the rule's dead-letter queue). */
  readonly onTargetError?: (error: unknown, event: ObjectCreatedEvent) => void;
}

/**
 * How many of its latest deliveries a rule keeps for `events` (a test's look-up, a replay): bounded, because every
 * object write of the bucket is an event (the analytics zone writes two per batch: 12,500 for a million orders).
 */
export const DELIVERIES_KEPT = 1_000;

/**
 * The EventBridge rule on the default bus that turns S3's Object Created events into target calls. Like EventBridge,
 * it does not wait for the target and gives no exactly-once guarantee: a replayed event reaches the target again,
 * so the target must be idempotent (the pipeline is, through conditional writes and content hashes).
 */
export const objectCreatedRule = (options: ObjectCreatedRuleOptions) => {
  const matches = matchesEventPattern(options.pattern);
  const deliveries: Delivery[] = [];
  const inFlight = createInFlight();

  const route = async (event: ObjectCreatedEvent): Promise<Delivery> => {
    const delivery = { event, matched: matches(event) };
    if (deliveries.push(delivery) > DELIVERIES_KEPT) deliveries.shift();
    if (delivery.matched)
      inFlight.run(
        () => options.target(event),
        (error) => options.onTargetError?.(error, event),
      );
    return delivery;
  };
  const deliver = (write: ObjectWrite) => route(objectCreatedEvent(write, options));

  return {
    deliver,
    /** Delivers an event again, unchanged (same id), as EventBridge may: delivery is at least once. */
    replay: route,
    /** Feeds every object write of the emulated S3 to the rule; returns the unsubscribe function. */
    attach: (emulators: Pick<Emulators, 'onObjectCreated'>): (() => void) => emulators.onObjectCreated((write) => void deliver(write)),
    /** Resolves when every target call started so far has finished. */
    idle: inFlight.idle,
    /** The latest events the rule saw (at most `DELIVERIES_KEPT`), matched or not, in order. */
    events: (): readonly Delivery[] => [...deliveries],
  };
};

export type ObjectCreatedRule = Readonly<ReturnType<typeof objectCreatedRule>>;
