import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { ordersInJsonArray } from '@sales-pipeline/local-pipeline-engine';
import { displaySafe } from '@sales-pipeline/orders-domain';

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

/**
 * The orders the uploaded files hold, counted from the files themselves (not from the pipeline's ledger, which the
 * run's check compares with it): a file that is not one JSON array holds none (it is rejected as a whole).
 */
export const ordersInUploads = async (files: readonly string[]): Promise<number> => {
  const counts = await Promise.all(files.map((file) => ordersInJsonArray(createReadStream(file))));
  return counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
};
