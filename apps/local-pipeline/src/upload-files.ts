import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { ordersInJsonArray } from '@sales-pipeline/local-pipeline-engine';
import { displaySafe } from '@sales-pipeline/orders-domain';
import * as A from 'fp-ts/Array';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';

/**
 * Why an --upload file cannot be put, in plain words, or undefined when it is a readable file: checked before
 * anything starts, so a directory or a file without read permission is a usage error, not a run that fails late.
 */
export const unreadableUpload = async (file: string): Promise<string | undefined> => {
  const name = displaySafe(file);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return info.code === 'ENOENT' ? `--upload: there is no file ${name}` : `--upload: cannot read ${name} (${info.code ?? info.message})`;
  if (info.isDirectory()) return `--upload: ${name} is a directory, not an order file`;
  if (!info.isFile()) return `--upload: ${name} is not a regular file`;
  const denied = await access(file, constants.R_OK).then(
    () => false,
    () => true,
  );
  return denied ? `--upload: ${name} cannot be read (permission denied)` : undefined;
};

/** An --upload file that could be checked but not read to its end (it vanished, or the disk failed): named, not counted as 0. */
export interface UploadReadFailed {
  readonly _tag: 'UploadReadFailed';
  readonly message: string;
}

const ordersInUpload = (file: string): TE.TaskEither<UploadReadFailed, number> =>
  TE.tryCatch(
    async () => (await ordersInJsonArray(createReadStream(file))) ?? 0,
    (error) => ({ _tag: 'UploadReadFailed', message: `--upload: cannot read ${displaySafe(file)} (${displaySafe((error as NodeJS.ErrnoException).code ?? String(error))})` }),
  );

/**
 * The orders the uploaded files hold, counted from the files themselves (not from the pipeline's ledger, which the
 * run's check compares with it), streamed one file at a time: a file that is not one JSON array holds none (it is
 * rejected as a whole); a file that cannot be read fails the count, by name.
 */
export const ordersInUploads = (files: readonly string[]): TE.TaskEither<UploadReadFailed, number> =>
  pipe(
    [...files],
    A.traverse(TE.ApplicativeSeq)(ordersInUpload),
    TE.map((counts) => counts.reduce((sum, count) => sum + count, 0)),
  );
