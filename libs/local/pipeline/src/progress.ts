import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { displaySafe, RejectedFileMessage, RejectedOrderMessage } from '@sales-pipeline/orders-domain';
import { parseJson, type ExecutionRecord } from './execution-ledger';

/** What the local run reports as it goes, each from one thing that happened; one readable line each. No contact info. */
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
  | { readonly _tag: 'ExecutionRunning'; readonly name: string; readonly key: string; readonly ordersDone: number; readonly ordersRead: number; readonly ordersPerSecond: number }
  | { readonly _tag: 'ExecutionEnded'; readonly record: ExecutionRecord }
  | { readonly _tag: 'AlertPublished'; readonly subject?: string; readonly message: string; readonly verbose: boolean }
  | { readonly _tag: 'Rejected'; readonly body: string }
  | { readonly _tag: 'DeadLettered'; readonly body: string }
  | { readonly _tag: 'UnreadableChild'; readonly childArn: string; readonly items: number; readonly problem: string }
  | { readonly _tag: 'DeadLetterLost'; readonly what: string; readonly message: string }
  | { readonly _tag: 'TargetFailed'; readonly key: string; readonly message: string };

const Source = t.partial({ key: t.string, index: t.number });
const DeadLetter = t.partial({
  type: t.string,
  /** An order's or a batch's source; an EventBridge event's `source` is a string (aws.states). */
  source: t.union([Source, t.string]),
  error: t.partial({ Error: t.string }),
  'detail-type': t.string,
  detail: t.partial({ name: t.string, error: t.string }),
  requestContext: t.partial({ condition: t.string }),
  /** A batch-failed message's orders. */
  items: t.array(t.unknown),
});

const PRICE = /\$(\d+(?:\.\d{1,2})?)/;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const where = (source: t.TypeOf<typeof Source>) => `${source.index === undefined ? '' : `#${source.index} of `}${displaySafe(source.key ?? '?')}`;

const executionLine = ({ key: rawKey, result, ordersRead, tally, fileRejected, handedOver }: ExecutionRecord): string => {
  const key = displaySafe(rawKey);
  const took = seconds(result.stopDate.getTime() - result.startDate.getTime());
  if (fileRejected) return `execution ${result.name}: FILE REJECTED ${key} in ${took} (reason on the rejected-orders queue)`;
  if (handedOver && result.status === 'SUCCEEDED')
    return `execution ${result.name}: SUCCEEDED ${key} in ${took}, handed over to the Standard machine (more batches than one Express run takes): its execution counts the orders`;
  const orders =
    `${ordersRead} orders: ${tally.stored} stored, ${tally.rejected} rejected, ${tally.duplicate} duplicate, ${tally.failed} failed` +
    `${tally.unreadable > 0 ? `, ${tally.unreadable} UNACCOUNTED` : ''}; ${tally.alerted} alerted`;
  return result.status === 'SUCCEEDED'
    ? `execution ${result.name}: SUCCEEDED ${key} in ${took}, ${orders}`
    : `execution ${result.name}: FAILED ${key} in ${took} (${result.error ?? 'error'}), ${orders}; the execution is on the dead-letter queue`;
};

const alertLines = (event: Extract<Progress, { _tag: 'AlertPublished' }>): string => {
  const price = PRICE.exec(event.message)?.[1];
  const line = price ? `ALERT! High value sale detected: $${price}` : `ALERT! High value sale detected`;
  if (!event.verbose) return line;
  return [line, '  ┌─ e-mail to the sales-alerts subscribers', `  │ Subject: ${displaySafe(event.subject ?? '(none)')}`, `  │ ${displaySafe(event.message)}`, '  └─'].join('\n');
};

/** One progress line (or a few); every text that came from a file, an order or a message is display-safe. */
export const formatProgress = (event: Progress): string => {
  switch (event._tag) {
    case 'Tick':
      return `tick ${event.tick} (${event.scheduledTime}): generator wrote ${event.key}, ${event.orders} orders, ${event.highValue} priced above the alert threshold`;
    case 'TickFailed':
      return `tick ${event.tick} (${event.scheduledTime}): generator failed (attempt ${event.attempt}): ${event.message}`;
    case 'FileArrived':
      return `file ${displaySafe(event.key)}${event.versionId ? ` (version ${event.versionId})` : ''}: Object Created → state machine`;
    case 'ExecutionRunning':
      return `execution ${event.name}: running ${displaySafe(event.key)}, ${event.ordersDone} of ${event.ordersRead} orders done, ${Math.round(event.ordersPerSecond)} orders/s`;
    case 'ExecutionEnded':
      return executionLine(event.record);
    case 'AlertPublished':
      return alertLines(event);
    case 'Rejected': {
      const body = parseJson(event.body);
      const order = RejectedOrderMessage.decode(body);
      if (E.isRight(order)) return `rejected order ${where(order.right.source)}: ${displaySafe(order.right.reasons.map((r) => `${r.path}: ${r.message}`).join('; '))}`;
      const file = RejectedFileMessage.decode(body);
      return E.isRight(file) ? `rejected file ${where(file.right.source)}: ${displaySafe(file.right.reason)}` : 'rejected: a message of an unknown shape';
    }
    case 'DeadLettered': {
      const decoded = DeadLetter.decode(parseJson(event.body));
      const letter = E.isRight(decoded) ? decoded.right : {};
      const what =
        letter.type ?? letter['detail-type'] ?? (letter.requestContext?.condition ? `generator ${letter.requestContext.condition}` : 'message');
      const error = letter.error?.Error ?? letter.detail?.error;
      const source = typeof letter.source === 'object' ? ` ${where(letter.source)}` : '';
      const execution = letter.detail?.name ? ` of execution ${letter.detail.name}` : '';
      const orders = letter.items === undefined ? '' : ` (${letter.items.length} order${letter.items.length === 1 ? '' : 's'})`;
      return `dead-letter queue: ${what}${orders}${execution}${source}${error ? ` (${error})` : ''}`;
    }
    case 'UnreadableChild':
      return `child ${event.childArn.split(':').pop() ?? event.childArn}: ${event.items} orders UNACCOUNTED for: ${event.problem}`;
    case 'DeadLetterLost':
      return `LOST: ${event.what} could not be sent to the dead-letter queue: ${event.message}`;
    case 'TargetFailed':
      return `rule target failed for ${displaySafe(event.key)}: ${displaySafe(event.message)}`;
  }
};
