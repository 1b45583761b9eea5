import { allStates, type Definition, type RunnerEvent } from '@sales-pipeline/local-step-functions';
import * as t from 'io-ts';

/** The alert publishes of one alert text (one order), as the runner saw them. */
export interface AlertPublishes {
  /** Publish calls that returned, with their answer or an error (a call still running is not counted). */
  readonly attempted: number;
  /** Calls that reached SNS: the topic took the message and e-mailed it. */
  readonly delivered: number;
  /** Delivered calls whose answer the execution never took: it came after the Task's timeout, or was lost. The
   * execution went on as if the publish had failed (a retry, or the catch, the dead letter and its redrive). */
  readonly outcomeUnknown: number;
}

const PublishRequest = t.type({ Message: t.string });

/**
 * Logs every alert publish from the moment it is attached to a pipeline's event stream: what was tried, what SNS took,
 * and how many of those the execution never learned of. A call that SNS took counts as answered only when it returned
 * ok within `timeoutMs` (the publish Task's timeout as the runner applies it); anything else SNS took is a publish
 * whose outcome the execution could not know, the one way an order e-mails twice without a bug in the claim.
 */
export const logAlertPublishes = (
  onRunnerEvent: (listener: (event: RunnerEvent) => void) => () => void,
  options: { readonly publishState: string; readonly timeoutMs: number },
) => {
  const counts = new Map<string, { attempted: number; delivered: number; answered: number }>();
  const of = (message: string) => {
    const publishes = counts.get(message) ?? { attempted: 0, delivered: 0, answered: 0 };
    counts.set(message, publishes);
    return publishes;
  };
  onRunnerEvent((event) => {
    if (event.type === 'AlertPublished') of(event.message).delivered += 1;
    if (event.type !== 'TaskCall' || event.state !== options.publishState || !PublishRequest.is(event.request)) return;
    const publishes = of(event.request.Message);
    publishes.attempted += 1;
    if (event.ok && event.durationMs < options.timeoutMs) publishes.answered += 1;
  });
  const byMessage = (): ReadonlyMap<string, AlertPublishes> =>
    new Map([...counts].map(([message, { attempted, delivered, answered }]) => [message, { attempted, delivered, outcomeUnknown: Math.max(0, delivered - answered) }]));
  return {
    byMessage,
    totals: (): AlertPublishes =>
      [...byMessage().values()].reduce(
        (sum, one) => ({ attempted: sum.attempted + one.attempted, delivered: sum.delivered + one.delivered, outcomeUnknown: sum.outcomeUnknown + one.outcomeUnknown }),
        { attempted: 0, delivered: 0, outcomeUnknown: 0 },
      ),
  };
};

export type AlertPublishLog = ReturnType<typeof logAlertPublishes>;

/** A Task state's TimeoutSeconds, wherever in the definition (a Map's processor included) the state is. */
export const taskTimeoutSeconds = (definition: Definition, stateName: string): number | undefined =>
  allStates(definition).find((located) => located.name === stateName)?.state.TimeoutSeconds;
