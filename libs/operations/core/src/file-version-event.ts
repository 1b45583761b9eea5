import type { ObjectReader } from '@sales-pipeline/aws-adapters';
import { objectCreatedEvent, type EventContext } from '@sales-pipeline/pipeline-contracts';
import type { FileVersionEvent } from './ports';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';

/** S3 orders an object's events by a sequencer; a replayed event gets one from the object's write time. */
const sequencerOf = (time: Date): string => time.getTime().toString(16).toUpperCase().padStart(18, '0');

/**
 * The Object Created event S3 would send for a file version, with its size and ETag read from S3: the input the
 * object-created rule gives the state machine (one codec and builder for it: pipeline-contracts' ObjectCreatedEvent).
 */
export const fileVersionEventFrom =
  (objects: ObjectReader, context: EventContext): FileVersionEvent =>
  (file) =>
    pipe(
      objects.headObject({ bucket: file.bucket, key: file.key, ...(file.versionId === null ? {} : { versionId: file.versionId }) }),
      TE.mapError((error) => ({ _tag: 'AwsCallFailed' as const, operation: 'HeadObject', resource: `s3://${error.bucket}/${error.key}`, errorName: error.errorName, message: error.message })),
      TE.map((head) =>
        objectCreatedEvent(
          {
            bucket: head.bucket,
            key: head.key,
            size: head.size,
            etag: head.etag,
            sequencer: sequencerOf(head.lastModified),
            time: head.lastModified.toISOString(),
            ...(head.versionId === undefined ? {} : { versionId: head.versionId }),
          },
          context,
        ),
      ),
    );
