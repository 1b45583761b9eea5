import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as TE from 'fp-ts/TaskEither';
import { awsErrorDetails, type AwsErrorDetails } from './aws-error';

export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

export type S3WriteFailed = { readonly _tag: 'S3WriteFailed' } & ObjectLocation & AwsErrorDetails;
export type S3ReadFailed = { readonly _tag: 'S3ReadFailed'; readonly versionId?: string } & ObjectLocation & AwsErrorDetails;

export interface ObjectWritten extends ObjectLocation {
  readonly etag?: string;
  /** Set when the bucket is versioned. */
  readonly versionId?: string;
}

export interface StoredObject extends ObjectLocation {
  /** The object's bytes as UTF-8 text. */
  readonly body: string;
  readonly etag?: string;
  readonly versionId?: string;
  readonly contentType?: string;
}

export interface ObjectWriter {
  /** Writes `json` (already serialized, so the caller owns the exact bytes) as `application/json`. */
  readonly putJson: (object: ObjectLocation & { readonly json: string }) => TE.TaskEither<S3WriteFailed, ObjectWritten>;
  /** Writes `body` as UTF-8 text of the given content type (a rewrite of the same key replaces the object). */
  readonly putText: (object: ObjectLocation & { readonly body: string; readonly contentType: string }) => TE.TaskEither<S3WriteFailed, ObjectWritten>;
}

export interface ObjectMetadata extends ObjectLocation {
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
  readonly versionId?: string;
}

export interface ObjectReader {
  /** Reads the current object, or the version named. */
  readonly getObject: (object: ObjectLocation & { readonly versionId?: string }) => TE.TaskEither<S3ReadFailed, StoredObject>;
  /** The size, ETag and time of the current object, or of the version named. */
  readonly headObject: (object: ObjectLocation & { readonly versionId?: string }) => TE.TaskEither<S3ReadFailed, ObjectMetadata>;
}

/** Writes only: a caller that never reads does not bundle the read commands. */
export const s3ObjectWriter = (client: S3Client): ObjectWriter => {
  const putText: ObjectWriter['putText'] = ({ bucket, key, body, contentType }) =>
    TE.tryCatch(
      async () => {
        const written = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
        return { bucket, key, etag: written.ETag, versionId: written.VersionId };
      },
      (error): S3WriteFailed => ({ _tag: 'S3WriteFailed', bucket, key, ...awsErrorDetails(error) }),
    );
  return { putText, putJson: ({ bucket, key, json }) => putText({ bucket, key, body: json, contentType: 'application/json; charset=utf-8' }) };
};

const s3ObjectReader = (client: S3Client): ObjectReader => {
  const readFailed =
    ({ bucket, key, versionId }: ObjectLocation & { readonly versionId?: string }) =>
    (error: unknown): S3ReadFailed => ({
      _tag: 'S3ReadFailed',
      bucket,
      key,
      ...(versionId === undefined ? {} : { versionId }),
      ...awsErrorDetails(error),
    });
  return {
    getObject: ({ bucket, key, versionId }) =>
      TE.tryCatch(
        async () => {
          const read = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
          const body = (await read.Body?.transformToString('utf-8')) ?? '';
          return { bucket, key, body, etag: read.ETag, versionId: read.VersionId, contentType: read.ContentType };
        },
        readFailed({ bucket, key, versionId }),
      ),
    headObject: ({ bucket, key, versionId }) =>
      TE.tryCatch(async () => {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
        return {
          bucket,
          key,
          size: head.ContentLength ?? 0,
          etag: head.ETag ?? '',
          lastModified: head.LastModified ?? new Date(0),
          ...(head.VersionId === undefined ? {} : { versionId: head.VersionId }),
        };
      }, readFailed({ bucket, key, versionId })),
  };
};

export const s3ObjectStore = (client: S3Client): ObjectWriter & ObjectReader => ({ ...s3ObjectWriter(client), ...s3ObjectReader(client) });
