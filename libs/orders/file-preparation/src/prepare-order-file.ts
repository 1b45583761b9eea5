import { JsonArrayError, jsonArrayElements, parseElement } from '@sales-pipeline/json-array-stream';
import { jsonBytes, MaxOrderJsonBytes, oversizedOrder, utf8Bytes } from '@sales-pipeline/orders-domain';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { preparedOrderFileKey } from './prepared-key';

/** The order file version an execution is about (the Object Created event's bucket, key and version id). */
export interface OrderFileVersion {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
}

export interface StoreFailure {
  readonly errorName: string;
  readonly message: string;
}

/** The two S3 calls the preparation makes, as ports (adapters: @sales-pipeline/aws-adapters/object-streams). */
export interface PreparationPorts {
  readonly readStream: (file: OrderFileVersion) => TE.TaskEither<StoreFailure, AsyncIterable<Uint8Array>>;
  readonly writeStream: (object: { readonly bucket: string; readonly key: string; readonly body: AsyncIterable<string> }) => TE.TaskEither<StoreFailure, { readonly versionId?: string }>;
}

export interface PreparationSettings {
  /** Key prefix of the prepared copies; never under the prefix that starts the pipeline. */
  readonly preparedPrefix: string;
}

/**
 * What the distributed Map's ItemReader reads: the prepared copy when orders were replaced, otherwise the file itself
 * (no oversized order, or a body that is not a JSON array, which the ItemReader then rejects as it always does).
 */
export interface PreparedOrderFile {
  readonly key: string;
  readonly versionId: string | null;
  readonly orders: number;
  readonly oversizedOrders: number;
}

export type PreparationError =
  | ({ readonly _tag: 'OrderFileUnreadable' } & OrderFileVersion & StoreFailure)
  | ({ readonly _tag: 'PreparedFileNotWritten'; readonly bucket: string; readonly preparedKey: string } & StoreFailure);

/**
 * How much longer compact JSON can be than the text it was parsed from: only a number grows, `1e20` (4 characters)
 * being written out as 21 digits; whitespace, escapes and repeated keys only shrink.
 */
const MaxJsonGrowth = 21 / 4;

/**
 * Each element's text, and whether its JSON as the ItemReader hands it on (compact, UTF-8) is over the order cap, with
 * that size. Every element is parsed (which is what validates it); only one long enough to be over the cap is
 * measured, which is most of the work for a file of ordinary orders.
 */
async function* measuredElements(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<{ readonly text: string; readonly oversizedBytes?: number }> {
  let index = 0;
  for await (const text of jsonArrayElements(chunks)) {
    const value = parseElement(text, index);
    const bytes = utf8Bytes(text) * MaxJsonGrowth > MaxOrderJsonBytes ? jsonBytes(value) : 0;
    yield bytes > MaxOrderJsonBytes ? { text, oversizedBytes: bytes } : { text };
    index += 1;
  }
}

type Scan = { readonly _tag: 'Orders'; readonly orders: number; readonly oversizedOrders: number } | { readonly _tag: 'NotAJsonArray' };

const failure = (error: unknown): StoreFailure =>
  error instanceof Error ? { errorName: error.name, message: error.message } : { errorName: 'UnknownError', message: String(error) };

const scan = (file: OrderFileVersion, chunks: AsyncIterable<Uint8Array>): TE.TaskEither<PreparationError, Scan> =>
  TE.tryCatch(
    async (): Promise<Scan> => {
      let orders = 0;
      let oversizedOrders = 0;
      try {
        for await (const { oversizedBytes } of measuredElements(chunks)) {
          orders += 1;
          if (oversizedBytes !== undefined) oversizedOrders += 1;
        }
      } catch (error) {
        if (error instanceof JsonArrayError) return { _tag: 'NotAJsonArray' };
        throw error;
      }
      return { _tag: 'Orders', orders, oversizedOrders };
    },
    (error): PreparationError => ({ _tag: 'OrderFileUnreadable', ...file, ...failure(error) }),
  );

/** The array again, every order as it was except each one over the cap, which becomes its stub. */
async function* preparedBody(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const { text, oversizedBytes } of measuredElements(chunks)) {
    yield `${first ? '\n' : ',\n'}${oversizedBytes === undefined ? text : JSON.stringify(oversizedOrder(oversizedBytes))}`;
    first = false;
  }
  yield '\n]\n';
}

/**
 * Makes an order file safe to batch: an order whose JSON is larger than an order may be cannot travel in a batch (nor
 * in any state), so the file is read once to count such orders and, when there are any, read again and copied to
 * `<preparedPrefix><key>/<versionId>.json` with each one replaced by `{ "oversizedOrder": { "bytes": N } }`, which the
 * validator rejects with its size. Streams both ways: memory holds one order at a time, whatever the file's size.
 * A file without an oversized order, or one that is not a JSON array, is left to the ItemReader as it is.
 */
export const prepareOrderFile =
  (ports: PreparationPorts, settings: PreparationSettings) =>
  (file: OrderFileVersion): TE.TaskEither<PreparationError, PreparedOrderFile> => {
    const unreadable = (error: StoreFailure): PreparationError => ({ _tag: 'OrderFileUnreadable', ...file, errorName: error.errorName, message: error.message });
    const original = (orders: number): PreparedOrderFile => ({ key: file.key, versionId: file.versionId, orders, oversizedOrders: 0 });
    const preparedKey = preparedOrderFileKey(settings.preparedPrefix, file.key, file.versionId);
    return pipe(
      ports.readStream(file),
      TE.mapError(unreadable),
      TE.flatMap((chunks) => scan(file, chunks)),
      TE.flatMap((scanned) => {
        if (scanned._tag === 'NotAJsonArray') return TE.right(original(0));
        if (scanned.oversizedOrders === 0) return TE.right(original(scanned.orders));
        return pipe(
          ports.readStream(file),
          TE.mapError(unreadable),
          TE.flatMap((chunks) =>
            pipe(
              ports.writeStream({ bucket: file.bucket, key: preparedKey, body: preparedBody(chunks) }),
              TE.mapError((error): PreparationError => ({ _tag: 'PreparedFileNotWritten', bucket: file.bucket, preparedKey, ...error })),
            ),
          ),
          TE.map((written) => ({ key: preparedKey, versionId: written.versionId ?? null, orders: scanned.orders, oversizedOrders: scanned.oversizedOrders })),
        );
      }),
    );
  };

export const describePreparationError = (error: PreparationError): string =>
  error._tag === 'OrderFileUnreadable'
    ? `cannot read s3://${error.bucket}/${error.key} (version ${error.versionId ?? 'null'}): ${error.errorName}: ${error.message}`
    : `cannot write the prepared copy s3://${error.bucket}/${error.preparedKey}: ${error.errorName}: ${error.message}`;
