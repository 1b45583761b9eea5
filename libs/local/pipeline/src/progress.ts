import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { displaySafe, RejectedFileMessage, RejectedOrderMessage } from '@sales-pipeline/orders-domain';
import type { ExecutionRecord } from './local-pipeline';

/** What the local run reports as it goes; formatted into one readable line (or a few) each. No contact info. */
export type Progress =
  | {
      readonly _tag: 'Tick';
      readonly tick: number;
      readonly scheduledTime: string;
      readonly key: string;
      readonly orders: number;
      readonly highValue: number;
    }
  | { readonly _tag: 'TickFailed'; readonly tick: number; readonly scheduledTime: string; readonly attempt: number; readonly message: string }
  | { readonly _tag: 'FileArrived'; readonly key: string; readonly versionId?: string }
  | { readonly _tag: 'ExecutionEnded'; readonly record: ExecutionRecord }
  | { readonly _tag: 'AlertPublished'; readonly message: string }
  | { readonly _tag: 'AlertEmail'; readonly body: string }
  | { readonly _tag: 'Rejected'; readonly body: string }
  | { readonly _tag: 'DeadLettered'; readonly body: string }
  | { readonly _tag: 'TargetFailed'; readonly key: string; readonly message: string };

const SnsEnvelope = t.intersection([t.type({ Message: t.string }), t.partial({ Subject: t.string })]);
const Source = t.partial({ key: t.string, index: t.number });
const DeadLetter = t.partial({
  type: t.string,
  source: Source,
  error: t.partial({ Error: t.string }),
  'detail-type': t.string,
  detail: t.partial({ name: t.string, error: t.string }),
  requestContext: t.partial({ condition: t.string }),
});

const decoded = <A>(codec: t.Decoder<unknown, A>, text: string): A | undefined => {
  try {
    return pipe(codec.decode(JSON.parse(text)), E.getOrElseW(() => undefined));
  } catch {
    return undefined;
  }
};

const PRICE = /\$(\d+(?:\.\d{1,2})?)/;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const where = (source: t.TypeOf<typeof Source>) => `${source.index === undefined ? '' : `#${source.index} of `}${displaySafe(source.key ?? '?')}`;

const executionLine = ({ key: rawKey, result, ordersRead, outcomes, fileRejected }: ExecutionRecord): string => {
  const key = displaySafe(rawKey);
  const took = seconds(result.stopDate.getTime() - result.startDate.getTime());
  if (fileRejected) return `execution ${result.name}: FILE REJECTED ${key} in ${took} (reason on the rejected-orders queue)`;
  const tally = (names: readonly string[]) => outcomes.filter((o) => names.includes(o.outcome)).length;
  const orders =
    `${ordersRead} orders: ${tally(['stored'])} stored, ${tally(['rejected', 'conflict', 'refused'])} rejected, ` +
    `${tally(['duplicate'])} duplicate, ${tally(['failed'])} failed; ${outcomes.filter((o) => o.alerted).length} alerted`;
  return result.status === 'SUCCEEDED'
    ? `execution ${result.name}: SUCCEEDED ${key} in ${took}, ${orders}`
    : `execution ${result.name}: FAILED ${key} in ${took} (${result.error ?? 'error'}), ${orders}; the execution is on the dead-letter queue`;
};

/** One progress line (or a few); every text that came from a file, an order or a message is display-safe. */
export const formatProgress = (event: Progress): string => {
  switch (event._tag) {
    case 'Tick':
      return `tick ${event.tick} (${event.scheduledTime}): generator wrote ${displaySafe(event.key)}, ${event.orders} orders, ${event.highValue} priced above the alert threshold`;
    case 'TickFailed':
      return `tick ${event.tick} (${event.scheduledTime}): generator failed (attempt ${event.attempt}): ${event.message}`;
    case 'FileArrived':
      return `file ${displaySafe(event.key)}${event.versionId ? ` (version ${event.versionId})` : ''}: Object Created → state machine`;
    case 'ExecutionEnded':
      return executionLine(event.record);
    case 'AlertPublished': {
      const price = PRICE.exec(event.message)?.[1];
      return price ? `ALERT! High value sale detected: $${price}` : `ALERT! High value sale detected`;
    }
    case 'AlertEmail': {
      const email = decoded(SnsEnvelope, event.body);
      return email
        ? ['  ┌─ e-mail to the sales-alerts subscribers', `  │ Subject: ${displaySafe(email.Subject ?? '(none)')}`, `  │ ${displaySafe(email.Message)}`, '  └─'].join('\n')
        : '  (an alert e-mail that is not an SNS notification)';
    }
    case 'Rejected': {
      const order = decoded(RejectedOrderMessage, event.body);
      if (order) return `rejected order ${where(order.source)}: ${displaySafe(order.reasons.map((r) => `${r.path}: ${r.message}`).join('; '))}`;
      const file = decoded(RejectedFileMessage, event.body);
      return file ? `rejected file ${where(file.source)}: ${displaySafe(file.reason)}` : 'rejected: a message of an unknown shape';
    }
    case 'DeadLettered': {
      const letter = decoded(DeadLetter, event.body) ?? {};
      const what =
        letter.type ?? letter['detail-type'] ?? (letter.requestContext?.condition ? `generator ${letter.requestContext.condition}` : 'message');
      const error = letter.error?.Error ?? letter.detail?.error;
      return `dead-letter queue: ${what}${letter.source ? ` ${where(letter.source)}` : ''}${error ? ` (${error})` : ''}`;
    }
    case 'TargetFailed':
      return `rule target failed for ${displaySafe(event.key)}: ${displaySafe(event.message)}`;
  }
};
