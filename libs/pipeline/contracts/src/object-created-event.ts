import { randomBytes, randomUUID } from 'node:crypto';
import * as t from 'io-ts';

/**
 * The event Amazon S3 sends to EventBridge for a created object ("EventBridge event message structure" in the S3
 * user guide). The key is the object key as stored, NOT URL-encoded (unlike S3's own event notifications).
 */
const ObjectCreatedReason = t.keyof({ PutObject: null, 'POST Object': null, CopyObject: null, CompleteMultipartUpload: null });
export type ObjectCreatedReason = t.TypeOf<typeof ObjectCreatedReason>;

const ObjectCreatedObject = t.intersection([
  t.type({ key: t.string, size: t.number, etag: t.string, sequencer: t.string }),
  t.partial({ 'version-id': t.string }),
]);

export const ObjectCreatedEvent = t.type({
  version: t.literal('0'),
  id: t.string,
  'detail-type': t.literal('Object Created'),
  source: t.literal('aws.s3'),
  account: t.string,
  time: t.string,
  region: t.string,
  resources: t.array(t.string),
  detail: t.type({
    version: t.literal('0'),
    bucket: t.type({ name: t.string }),
    object: ObjectCreatedObject,
    'request-id': t.string,
    requester: t.string,
    'source-ip-address': t.string,
    reason: ObjectCreatedReason,
  }),
});
export type ObjectCreatedEvent = t.TypeOf<typeof ObjectCreatedEvent>;

/**
 * A successful object write, as S3 (or the local emulator) announces it: the key decoded, e.g. `incoming/my
 * orders.json`; the ETag quoted as S3's response header has it, or bare; the version id when the bucket is versioned.
 */
export interface ObjectWrite {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  /** S3's per-object ordering token (hex; a later write has a greater one). */
  readonly sequencer: string;
  /** ISO-8601 time of the write. */
  readonly time: string;
  readonly versionId?: string;
  /** The API that wrote it; PutObject when the writer does not say. */
  readonly reason?: ObjectCreatedReason;
  readonly requestId?: string;
  readonly sourceIpAddress?: string;
}

export interface EventContext {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** Account id of the writer; defaults to `account` (the bucket owner wrote it). */
  readonly requester?: string;
}

/** The sources of non-determinism, injectable so tests can pin them. */
export interface EventIdentity {
  readonly eventId: () => string;
  readonly requestId: () => string;
}

const requestIdAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const randomEventIdentity: EventIdentity = {
  eventId: () => randomUUID(),
  // S3 request ids are 16 upper-case alphanumerics, e.g. N4N7GDK58NMKJ12R.
  requestId: () => Array.from(randomBytes(16), (byte) => requestIdAlphabet[byte % requestIdAlphabet.length]).join(''),
};

const bareEtag = (etag: string): string => etag.replace(/^"(.*)"$/, '$1');

/** S3 and EventBridge write times to the second: `2021-11-12T00:00:00Z`. */
const eventTime = (time: string): string => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const objectCreatedEvent = (
  write: ObjectWrite,
  context: EventContext,
  identity: EventIdentity = randomEventIdentity,
): ObjectCreatedEvent => ({
  version: '0',
  id: identity.eventId(),
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: context.account,
  time: eventTime(write.time),
  region: context.region,
  resources: [`arn:${context.partition ?? 'aws'}:s3:::${write.bucket}`],
  detail: {
    version: '0',
    bucket: { name: write.bucket },
    object: {
      key: write.key,
      size: write.size,
      etag: bareEtag(write.etag),
      ...(write.versionId === undefined ? {} : { 'version-id': write.versionId }),
      sequencer: write.sequencer,
    },
    'request-id': write.requestId ?? identity.requestId(),
    requester: context.requester ?? context.account,
    'source-ip-address': write.sourceIpAddress ?? '127.0.0.1',
    reason: write.reason ?? 'PutObject',
  },
});
