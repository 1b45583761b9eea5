import { RejectedFileMessage, RejectedOrderMessage, formatReason } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import type { QueuedMessage } from './dead-letter';

/** A rejection as an operator sees it: where it came from and why, never the order itself (contact info). */
export type Rejection =
  | { readonly type: 'order-rejected'; readonly id: string; readonly key: string; readonly versionId: string | null; readonly index: number; readonly reasons: readonly string[] }
  | { readonly type: 'file-rejected'; readonly id: string; readonly key: string; readonly versionId: string | null; readonly reasons: readonly string[] }
  | { readonly type: 'unrecognised'; readonly id: string; readonly reasons: readonly string[] };

const parsed = (body: string): unknown => E.getOrElseW(() => undefined)(E.tryCatch(() => JSON.parse(body) as unknown, E.toError));

const rejectionOf = (message: Pick<QueuedMessage, 'messageId' | 'body'>): Rejection => {
  const body = parsed(message.body);
  if (RejectedOrderMessage.is(body)) {
    const { key, versionId, index } = body.source;
    return { type: 'order-rejected', id: body.id, key, versionId, index, reasons: body.reasons.map(formatReason) };
  }
  if (RejectedFileMessage.is(body)) {
    return { type: 'file-rejected', id: body.id, key: body.source.key, versionId: body.source.versionId, reasons: [body.reason] };
  }
  return { type: 'unrecognised', id: message.messageId, reasons: ['not an order-rejected or file-rejected message'] };
};

/**
 * The rejections of one file (by key), or all, each once: a replay or redrive of a file sends its rejections again
 * with the same deterministic id (file version and index, or the file version), so the copies are collapsed by id.
 */
export const rejectionsOf = (messages: readonly Pick<QueuedMessage, 'messageId' | 'body'>[], fileKey?: string): readonly Rejection[] => {
  const byId = new Map<string, Rejection>();
  for (const rejection of messages.map(rejectionOf))
    if ((fileKey === undefined || ('key' in rejection && rejection.key === fileKey)) && !byId.has(rejection.id)) byId.set(rejection.id, rejection);
  return [...byId.values()];
};

export const formatRejection = (rejection: Rejection): string => {
  switch (rejection.type) {
    case 'order-rejected':
      return `order #${rejection.index} of ${rejection.key}: ${rejection.reasons.join('; ')}`;
    case 'file-rejected':
      return `file ${rejection.key}: ${rejection.reasons.join('; ')}`;
    case 'unrecognised':
      return `message ${rejection.id}: ${rejection.reasons.join('; ')}`;
  }
};
