import { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import * as TE from 'fp-ts/TaskEither';
import { awsErrorDetails } from './aws-error';
import type { ObjectLocation, ObjectWritten, S3ReadFailed, S3WriteFailed } from './object-store';

/** S3's smallest multipart part (5 MiB): a streamed write holds at most `queueSize` parts of it in memory. */
const PART_BYTES = 5 * 1024 * 1024;

export interface ObjectStreams {
  /** The bytes of the current object, or of the version named, as they arrive (a broken stream throws while read). */
  readonly readStream: (object: ObjectLocation & { readonly versionId?: string }) => TE.TaskEither<S3ReadFailed, AsyncIterable<Uint8Array>>;
  /** Writes `body` as `application/json` while it is produced: one PutObject when small, a multipart upload when not. */
  readonly writeStream: (object: ObjectLocation & { readonly body: AsyncIterable<string> }) => TE.TaskEither<S3WriteFailed, ObjectWritten>;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<Uint8Array> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Streamed reads and writes of large objects (bounded memory whatever their size). Its own entry point
 * (@sales-pipeline/aws-adapters/object-streams): @aws-sdk/lib-storage does not declare itself free of side effects,
 * so through the barrel it would be bundled into every Lambda zip.
 */
export const s3ObjectStreams = (client: S3Client): ObjectStreams => ({
  readStream: ({ bucket, key, versionId }) =>
    TE.tryCatch(
      async () => {
        const read = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
        if (!isAsyncIterable(read.Body)) throw new Error('GetObject returned no readable body');
        return read.Body;
      },
      (error): S3ReadFailed => ({ _tag: 'S3ReadFailed', bucket, key, ...(versionId === undefined ? {} : { versionId }), ...awsErrorDetails(error) }),
    ),
  writeStream: ({ bucket, key, body }) =>
    TE.tryCatch(
      async () => {
        const written = await new Upload({
          client,
          params: { Bucket: bucket, Key: key, Body: Readable.from(body), ContentType: 'application/json; charset=utf-8' },
          partSize: PART_BYTES,
          queueSize: 2,
        }).done();
        return { bucket, key, ...(written.ETag === undefined ? {} : { etag: written.ETag }), ...(written.VersionId === undefined ? {} : { versionId: written.VersionId }) };
      },
      (error): S3WriteFailed => ({ _tag: 'S3WriteFailed', bucket, key, ...awsErrorDetails(error) }),
    ),
});
