import { sha256Hex, utf8Bytes } from '@sales-pipeline/orders-domain';

/** S3's longest object key, in UTF-8 bytes. */
export const MaxObjectKeyBytes = 1024;

/**
 * Where the prepared copy of an order file version goes: `<prefix><key>/<versionId>.json` (`null` for an unversioned
 * object), so an operator finds it beside nothing else and one file version always has the same copy. A key too long
 * for that (S3 keys are at most 1024 bytes) is named by its SHA-256 instead: `<prefix>sha256/<hex>/<versionId>.json`.
 */
export const preparedOrderFileKey = (prefix: string, key: string, versionId: string | null): string => {
  const version = `${versionId ?? 'null'}.json`;
  const readable = `${prefix}${key}/${version}`;
  return utf8Bytes(readable) <= MaxObjectKeyBytes ? readable : `${prefix}sha256/${sha256Hex(key)}/${version}`;
};
