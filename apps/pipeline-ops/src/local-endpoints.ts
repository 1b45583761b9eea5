import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { formatReason, reasonsOf } from '@sales-pipeline/orders-domain';
import { LocalEndpoints } from '@sales-pipeline/pipeline-contracts';

export type EndpointsUnreadable = { readonly _tag: 'EndpointsUnreadable'; readonly path: string; readonly reason: string };

/** What `npm start -- --keep` writes to tmp/local-pipeline/endpoints.json while it stays up (pipeline-contracts' codec). */
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
