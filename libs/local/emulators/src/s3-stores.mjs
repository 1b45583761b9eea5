// The S3 stores of the emulator child (emulator-process.mjs): fauxqs's S3Store with versioning and sequencers added,
// and optionally its objects on disk, kept across runs.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';

// fauxqs exports only buildApp/startFauxqs; its store classes are reached by file URL (exports maps bind bare
// specifiers only). Same URLs as app.js imports, so these are the very classes buildApp uses.
const fauxqsEntry = import.meta.resolve('fauxqs');
const { S3Store } = await import(new URL('./s3/s3Store.js', fauxqsEntry).href);
export const { S3Error } = await import(new URL('./common/errors.js', fauxqsEntry).href);

/** S3's minimum size of every part but the last (checked when the upload is completed). */
const MIN_PART_BYTES = 5 * 1024 * 1024;

const newVersionId = () => randomBytes(24).toString('base64url');
const versionKey = (bucket, key, versionId) => `${bucket}\u0000${key}\u0000${versionId}`;

/**
 * fauxqs's S3 keeps one object per key and knows nothing of versioning. This store adds what the pipeline needs:
 * a bucket whose versioning is Enabled gives every write a VersionId and keeps each version readable by it.
 * Every write also gets a sequencer (S3's per-key ordering token in events).
 */
export class VersionedS3Store extends S3Store {
  versioning = new Map();
  versions = new Map();
  writes = 0;

  putObject(bucket, key, body, contentType, metadata) {
    return this.recordWrite(bucket, super.putObject(bucket, key, body, contentType, metadata));
  }

  completeMultipartUpload(uploadId, parts) {
    const bucket = this.multipartUploads.get(uploadId)?.bucket;
    return this.recordWrite(bucket, super.completeMultipartUpload(uploadId, parts));
  }

  setVersioning(bucket, status) {
    this.versioning.set(bucket, status);
  }

  recordWrite(bucket, object) {
    this.writes += 1;
    object.sequencer = this.writes.toString(16).toUpperCase().padStart(16, '0');
    if (this.versioning.get(bucket) === 'Enabled') {
      object.versionId = newVersionId();
      this.versions.set(versionKey(bucket, object.key, object.versionId), object);
    }
    return object;
  }

  objectVersion(bucket, key, versionId) {
    if (!this.hasBucket(bucket)) throw new S3Error('NoSuchBucket', `The specified bucket does not exist: ${bucket}`, 404);
    const version = this.versions.get(versionKey(bucket, key, versionId));
    if (version) return version;
    const current = this.buckets.get(bucket).get(key);
    if (versionId === 'null' && current && current.versionId === undefined) return current;
    throw new S3Error('NoSuchVersion', 'The specified version does not exist.', 404, `/${bucket}/${key}`);
  }

  currentObject(bucket, key) {
    return this.buckets.get(bucket)?.get(key);
  }
}

/** The object's body stays in its file: read when a request needs it, never held. */
const bodyFrom = (object, bodyPath) =>
  Object.defineProperty(object, 'body', { get: () => readFileSync(bodyPath), enumerable: true, configurable: true });

const metadataOf = (object) => ({
  key: object.key,
  contentType: object.contentType,
  contentLength: object.contentLength,
  etag: object.etag,
  lastModified: object.lastModified.toISOString(),
  metadata: object.metadata,
  sequencer: object.sequencer,
  ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
});

/**
 * The versioned store with its objects on disk under `dir`: each body (every version) in a file of `objects/`,
 * multipart parts in `parts/` until completed, and a journal (`journal.jsonl`, one JSON line per bucket, versioning
 * change, write or delete) replayed at start, so a later run finds the buckets, objects and versions of the earlier
 * ones. The memory holds the objects' metadata only. A line cut short by a killed process is ignored.
 */
export class DiskS3Store extends VersionedS3Store {
  constructor(dir) {
    super();
    this.objectsDir = join(dir, 'objects');
    this.partsDir = join(dir, 'parts');
    rmSync(this.partsDir, { recursive: true, force: true });
    mkdirSync(this.objectsDir, { recursive: true });
    mkdirSync(this.partsDir, { recursive: true });
    const journalPath = join(dir, 'journal.jsonl');
    this.replay(existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '');
    this.journal = openSync(journalPath, 'a');
  }

  close() {
    closeSync(this.journal);
  }

  append(entry) {
    writeSync(this.journal, `${JSON.stringify(entry)}\n`);
  }

  replay(text) {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      this.apply(entry);
    }
  }

  apply(entry) {
    if (entry.op === 'bucket') super.createBucket(entry.bucket);
    if (entry.op === 'versioning') super.setVersioning(entry.bucket, entry.status);
    if (entry.op === 'delete') super.deleteObject(entry.bucket, entry.key);
    if (entry.op === 'put') {
      const { bucket, file, lastModified, ...fields } = entry.object;
      const object = bodyFrom({ ...fields, lastModified: new Date(lastModified), bodyPath: join(this.objectsDir, file) }, join(this.objectsDir, file));
      this.buckets.get(bucket)?.set(object.key, object);
      if (object.versionId !== undefined) this.versions.set(versionKey(bucket, object.key, object.versionId), object);
      this.writes = Math.max(this.writes, parseInt(object.sequencer, 16));
    }
  }

  createBucket(name) {
    const created = !this.hasBucket(name);
    super.createBucket(name);
    if (created) this.append({ op: 'bucket', bucket: name });
  }

  setVersioning(bucket, status) {
    super.setVersioning(bucket, status);
    this.append({ op: 'versioning', bucket, status });
  }

  putObject(bucket, key, body, contentType, metadata) {
    const replaced = this.currentObject(bucket, key);
    const object = super.putObject(bucket, key, body, contentType, metadata);
    this.dropUnversioned(replaced);
    return object;
  }

  /**
   * fauxqs's checks and ETag, without holding the object: its body is the parts' files appended one after another
   * into the object's file (fauxqs would hold every part and their concatenation in memory at once).
   */
  completeMultipartUpload(uploadId, partSpecs) {
    const upload = this.multipartUploads.get(uploadId);
    if (!upload) throw new S3Error('NoSuchUpload', 'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404);
    const objects = this.buckets.get(upload.bucket);
    if (!objects) throw new S3Error('NoSuchBucket', `The specified bucket does not exist: ${upload.bucket}`, 404);
    if (partSpecs.some((spec, i) => i > 0 && spec.partNumber <= partSpecs[i - 1].partNumber)) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', 400);
    }
    const unquoted = (etag) => etag.replaceAll('"', '');
    const parts = partSpecs.map((spec) => {
      const part = upload.parts.get(spec.partNumber);
      if (!part || unquoted(part.etag) !== unquoted(spec.etag)) {
        throw new S3Error('InvalidPart', 'One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', 400);
      }
      return part;
    });
    if (parts.slice(0, -1).some((part) => part.size < MIN_PART_BYTES)) throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400);
    const bodyPath = join(this.objectsDir, randomUUID());
    const file = openSync(bodyPath, 'w');
    try {
      for (const part of parts) writeSync(file, readFileSync(part.path));
    } finally {
      closeSync(file);
    }
    const digest = createHash('md5').update(Buffer.concat(parts.map((part) => Buffer.from(unquoted(part.etag), 'hex')))).digest('hex');
    const object = bodyFrom(
      {
        key: upload.key,
        contentType: upload.contentType,
        contentLength: parts.reduce((total, part) => total + part.size, 0),
        etag: `"${digest}-${parts.length}"`,
        lastModified: new Date(),
        metadata: upload.metadata,
        bodyPath,
      },
      bodyPath,
    );
    const replaced = this.currentObject(upload.bucket, upload.key);
    objects.set(upload.key, object);
    this.multipartUploads.delete(uploadId);
    this.multipartUploadsByBucket.get(upload.bucket)?.delete(uploadId);
    this.dropUnversioned(replaced);
    this.removeParts(upload);
    return this.recordWrite(upload.bucket, object);
  }

  abortMultipartUpload(uploadId) {
    const upload = this.multipartUploads.get(uploadId);
    super.abortMultipartUpload(uploadId);
    this.removeParts(upload);
  }

  uploadPart(uploadId, partNumber, body) {
    const etag = super.uploadPart(uploadId, partNumber, body);
    const part = this.multipartUploads.get(uploadId).parts.get(partNumber);
    part.path = join(this.partsDir, `${uploadId}-${partNumber}`);
    part.size = body.length;
    writeFileSync(part.path, body);
    bodyFrom(part, part.path);
    return etag;
  }

  deleteObject(bucket, key) {
    const deleted = this.currentObject(bucket, key);
    super.deleteObject(bucket, key);
    if (deleted) {
      this.append({ op: 'delete', bucket, key });
      this.dropUnversioned(deleted);
    }
  }

  recordWrite(bucket, object) {
    super.recordWrite(bucket, object);
    if (object.bodyPath === undefined) {
      object.bodyPath = join(this.objectsDir, randomUUID());
      writeFileSync(object.bodyPath, object.body);
      bodyFrom(object, object.bodyPath);
    }
    this.append({ op: 'put', object: { bucket, file: basename(object.bodyPath), ...metadataOf(object) } });
    return object;
  }

  /** A replaced or deleted object without a version is gone for good: so is its file. */
  dropUnversioned(object) {
    if (object?.bodyPath !== undefined && object.versionId === undefined) unlinkSync(object.bodyPath);
  }

  removeParts(upload) {
    for (const part of upload?.parts.values() ?? []) rmSync(part.path, { force: true });
  }
}
