import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import type { ResultWriterManifest } from './run-accounts';
import { errorMessage } from './start-problem';

export type ResultWriterUnreadable = { readonly _tag: 'ResultWriterUnreadable'; readonly message: string };

const Manifest = t.type({ ResultFiles: t.record(t.string, t.array(t.type({ Key: t.string }))) });
const ResultRecords = t.array(t.type({ Input: t.string }));

const readJson = (s3: S3Client, Bucket: string, Key: string): TE.TaskEither<ResultWriterUnreadable, unknown> =>
  TE.tryCatch(
    async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
      return JSON.parse((await object.Body?.transformToString('utf-8')) ?? 'null') as unknown;
    },
    (error) => ({ _tag: 'ResultWriterUnreadable', message: `cannot read s3://${Bucket}/${Key}: ${errorMessage(error)}` }),
  );

const decoded =
  <A>(codec: t.Decoder<unknown, A>, what: string) =>
  (value: unknown): TE.TaskEither<ResultWriterUnreadable, A> =>
    pipe(
      codec.decode(value),
      E.mapLeft((): ResultWriterUnreadable => ({ _tag: 'ResultWriterUnreadable', message: what })),
      TE.fromEither,
    );

const childInputsOfFile = (s3: S3Client, Bucket: string, Key: string) =>
  pipe(
    readJson(s3, Bucket, Key),
    TE.flatMap(decoded(ResultRecords, `the ResultWriter file s3://${Bucket}/${Key} is not a list of child records`)),
    TE.map((records) => records.map((child) => child.Input)),
  );

const childInputsOfManifest = (s3: S3Client, { Bucket, Key }: ResultWriterManifest) =>
  pipe(
    readJson(s3, Bucket, Key),
    TE.flatMap(decoded(Manifest, `the ResultWriter manifest s3://${Bucket}/${Key} is not a manifest`)),
    TE.flatMap((manifest) => TE.traverseSeqArray((file: { readonly Key: string }) => childInputsOfFile(s3, Bucket, file.Key))(Object.values(manifest.ResultFiles).flat())),
    TE.map((files) => files.flat()),
  );

/** The children's inputs, read back from what ResultWriter wrote to the data lake (the lasting audit). */
export const childInputsOf = (s3: S3Client, manifests: readonly ResultWriterManifest[]): TE.TaskEither<ResultWriterUnreadable, readonly string[]> =>
  pipe(
    manifests,
    TE.traverseSeqArray((manifest) => childInputsOfManifest(s3, manifest)),
    TE.map((inputs) => inputs.flat()),
  );
