// The emulator child process (forked by emulators.ts). fauxqs is ESM-only, so the emulators live here, in plain
// Node, and talk to the parent over IPC:
//   argv[2]                  JSON { region, dynamodbPath? } (dynamodbPath: keep the tables on disk there, not in memory)
//   -> { type: 'ready', fauxqsPort, dynamodbPort } | { type: 'failed', message }
//   -> { type: 'object-created', object: { bucket, key, size, etag, versionId?, sequencer, time } }
//   <- { type: 'stop' }      closes both servers, then exits
// The child also exits when the IPC channel closes (the parent died), so it never outlives its parent. It ignores
// SIGINT and SIGTERM: a terminal's Ctrl-C signals the whole process group, and the parent still needs the emulators
// while it drains; the parent stops the child when it is done.
import { randomBytes } from 'node:crypto';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';

const { region, dynamodbPath } = JSON.parse(process.argv[2] ?? '{}');
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

// fauxqs exports only buildApp/startFauxqs; its store classes are reached by file URL (exports maps bind bare
// specifiers only). Same URLs as app.js imports, so these are the very classes buildApp uses.
const fauxqsEntry = import.meta.resolve('fauxqs');
const { S3Store } = await import(new URL('./s3/s3Store.js', fauxqsEntry).href);
const { SqsStore } = await import(new URL('./sqs/sqsStore.js', fauxqsEntry).href);
const { S3Error } = await import(new URL('./common/errors.js', fauxqsEntry).href);

const newVersionId = () => randomBytes(24).toString('base64url');

/**
 * fauxqs's S3 keeps one object per key and knows nothing of versioning. This store adds what the pipeline needs:
 * a bucket whose versioning is Enabled gives every write a VersionId and keeps each version readable by it.
 * Every write also gets a sequencer (S3's per-key ordering token in events).
 */
class VersionedS3Store extends S3Store {
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

const versionKey = (bucket, key, versionId) => `${bucket}\u0000${key}\u0000${versionId}`;

class QueueStore extends SqsStore {
  // Queue URLs are looked up verbatim by fauxqs; resolve any URL of the form .../<account>/<name> by its name too,
  // so an AWS-shaped URL or another host spelling (localhost vs 127.0.0.1) still finds the queue.
  getQueue(url) {
    return super.getQueue(url) ?? this.getQueueByName(String(url).split('/').pop());
  }
}

const s3Store = new VersionedS3Store();
const sqsStore = new QueueStore();
const app = buildApp({ logger: false, defaultRegion: region, stores: { s3Store, sqsStore } });

const objectKey = (request) => request.params?.['*'] ?? '';
const isObjectRoute = (request) => request.routeOptions?.url === '/:bucket/*' && objectKey(request) !== '';
const isBucketRequest = (request) =>
  request.routeOptions?.url === '/:bucket' || (request.routeOptions?.url === '/:bucket/*' && objectKey(request) === '');

const sendS3Error = (reply, error, isHead) => {
  if (isHead) return reply.status(error.statusCode).send();
  return reply.status(error.statusCode).header('content-type', 'application/xml').send(error.toXml());
};

const versioningXml = (status) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${
    status ? `<Status>${status}</Status>` : ''
  }</VersioningConfiguration>`;

// Bucket versioning (Get/PutBucketVersioning) and reads of a named object version, ahead of fauxqs's routes.
app.addHook('preHandler', async (request, reply) => {
  const query = request.query ?? {};
  const bucket = request.params?.bucket;
  if (bucket === undefined) return;
  if ('versioning' in query && isBucketRequest(request)) {
    if (!s3Store.hasBucket(bucket)) {
      return sendS3Error(reply, new S3Error('NoSuchBucket', `The specified bucket does not exist: ${bucket}`, 404), false);
    }
    if (request.method === 'PUT') {
      const status = /<Status>\s*(Enabled|Suspended)\s*<\/Status>/.exec(String(request.body ?? ''))?.[1];
      if (!status) return sendS3Error(reply, new S3Error('MalformedXML', 'The XML you provided was not well-formed', 400), false);
      s3Store.versioning.set(bucket, status);
      return reply.status(200).send();
    }
    return reply.status(200).header('content-type', 'application/xml').send(versioningXml(s3Store.versioning.get(bucket)));
  }
  if (typeof query.versionId === 'string' && isObjectRoute(request) && ['GET', 'HEAD'].includes(request.method)) {
    const isHead = request.method === 'HEAD';
    try {
      const version = s3Store.objectVersion(bucket, objectKey(request), query.versionId);
      reply
        .header('content-type', version.contentType)
        .header('etag', version.etag)
        .header('last-modified', version.lastModified.toUTCString())
        .header('content-length', version.contentLength)
        .header('x-amz-version-id', query.versionId);
      for (const [name, value] of Object.entries(version.metadata)) reply.header(`x-amz-meta-${name}`, value);
      return isHead ? reply.status(200).send() : reply.status(200).send(version.body);
    } catch (error) {
      if (error instanceof S3Error) return sendS3Error(reply, error, isHead);
      throw error;
    }
  }
});

const isObjectWrite = (request) => {
  if (!isObjectRoute(request)) return false;
  const query = request.query ?? {};
  if (request.method === 'PUT') return !(query.uploadId && query.partNumber);
  return request.method === 'POST' && typeof query.uploadId === 'string';
};

// The object a write produced is taken when its response is composed (fauxqs's handlers are synchronous, so it is
// this request's object) and announced only once the response went out successfully.
app.addHook('onSend', async (request, reply, payload) => {
  if (reply.statusCode >= 300 || !isObjectRoute(request) || 'versionId' in (request.query ?? {})) return payload;
  const isRead = request.method === 'GET' || request.method === 'HEAD';
  const isWrite = isObjectWrite(request);
  if (!isRead && !isWrite) return payload;
  const object = s3Store.currentObject(request.params.bucket, objectKey(request));
  if (!object) return payload;
  if (object.versionId !== undefined) reply.header('x-amz-version-id', object.versionId);
  if (isWrite) request.objectWritten = object;
  return payload;
});

app.addHook('onResponse', async (request, reply) => {
  const object = request.objectWritten;
  if (!object || reply.statusCode !== 200) return;
  process.send?.({
    type: 'object-created',
    object: {
      bucket: request.params.bucket,
      key: object.key,
      size: object.contentLength,
      etag: object.etag.replaceAll('"', ''),
      ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
      sequencer: object.sequencer,
      time: object.lastModified.toISOString(),
    },
  });
});

const dynamodb = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dynamodbPath ? { path: dynamodbPath } : {}) });

const stop = async () => {
  await Promise.allSettled([app.close(), new Promise((resolve) => dynamodb.close(resolve))]);
  process.exit(0);
};
process.on('disconnect', () => void stop());
process.on('message', (message) => {
  if (message?.type === 'stop') void stop();
});

try {
  const fauxqsAddress = await app.listen({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve, reject) => {
    dynamodb.once('error', reject);
    dynamodb.listen(0, '127.0.0.1', resolve);
  });
  process.send?.({ type: 'ready', fauxqsPort: Number(new URL(fauxqsAddress).port), dynamodbPort: dynamodb.address().port });
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
