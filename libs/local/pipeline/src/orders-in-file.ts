import type { S3Client } from '@aws-sdk/client-s3';
import { s3ObjectStreams } from '@sales-pipeline/aws-adapters/object-streams';
import { JsonArrayError, jsonArrayElements } from '@sales-pipeline/json-array-stream';
import * as E from 'fp-ts/Either';

/**
 * How many orders (array elements) a file version in the data lake holds, streamed, or undefined when the file cannot
 * be read or is not a JSON array. The ledger asks only for an execution that failed before its file was read: those
 * orders are on the dead-letter queue with the execution (or its file-failed message), so they count as failed.
 */
export const ordersInFile = async (s3: S3Client, file: { readonly bucket: string; readonly key: string; readonly versionId?: string }): Promise<number | undefined> => {
  const body = await s3ObjectStreams(s3).readStream(file)();
  return E.isLeft(body) ? undefined : ordersInJsonArray(body.right).catch(() => undefined);
};

/**
 * How many elements a JSON array's bytes hold, streamed; undefined when they are not one JSON array. A failure to
 * read the bytes is not an answer about them: it is thrown, for the caller to name the file.
 */
export const ordersInJsonArray = async (chunks: AsyncIterable<Uint8Array>): Promise<number | undefined> => {
  try {
    let count = 0;
    for await (const _element of jsonArrayElements(chunks)) count += 1;
    return count;
  } catch (error) {
    if (error instanceof JsonArrayError) return undefined;
    throw error;
  }
};
