import { readFile } from 'node:fs/promises';
import { formatReason, reasonsOf } from '@sales-pipeline/orders-domain';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';

/** What `npm start -- --keep` writes to tmp/local-pipeline/endpoints.json while it stays up. */
export const LocalEndpoints = t.type({
  region: t.string,
  endpoints: t.type({ s3: t.string, sqs: t.string, sns: t.string, dynamodb: t.string }),
});
export type LocalEndpoints = t.TypeOf<typeof LocalEndpoints>;

export type EndpointsUnreadable = { readonly _tag: 'EndpointsUnreadable'; readonly path: string; readonly reason: string };

export const readLocalEndpoints = (path: string): TE.TaskEither<EndpointsUnreadable, LocalEndpoints> =>
  pipe(
    TE.tryCatch(
      () => readFile(path, 'utf-8'),
      (error): EndpointsUnreadable => ({
        _tag: 'EndpointsUnreadable',
        path,
        reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file: is `npm start -- --keep` running?' : String(error),
      }),
    ),
    TE.flatMapEither((text) =>
      pipe(
        E.tryCatch(() => JSON.parse(text) as unknown, (): EndpointsUnreadable => ({ _tag: 'EndpointsUnreadable', path, reason: 'not JSON' })),
        E.flatMap((json) =>
          pipe(
            LocalEndpoints.decode(json),
            E.mapLeft((errors): EndpointsUnreadable => ({ _tag: 'EndpointsUnreadable', path, reason: reasonsOf(errors, '(file)').map(formatReason).join('; ') })),
          ),
        ),
      ),
    ),
  );

/** The standard AWS environment that points every client at the local emulators (the emulators take any key). */
export const localEnvironment = (local: LocalEndpoints): Record<string, string> => ({
  AWS_REGION: local.region,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_S3: local.endpoints.s3,
  AWS_ENDPOINT_URL_SQS: local.endpoints.sqs,
  AWS_ENDPOINT_URL_SNS: local.endpoints.sns,
  AWS_ENDPOINT_URL_DYNAMODB: local.endpoints.dynamodb,
});
