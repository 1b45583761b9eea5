// The emulator child process (forked by emulators.ts). fauxqs is ESM-only, so the emulators live here, in plain
// Node, and talk to the parent over IPC:
//   argv[2]                  JSON { region, dynamodbPath?, s3Path? } (keep DynamoDB's tables, S3's objects on disk there,
//                            not in memory; a later child on the same paths finds them)
//   -> { type: 'ready', fauxqsPort, dynamodbPort } | { type: 'failed', message }
//   -> { type: 'object-created', object: { bucket, key, size, etag, versionId?, sequencer, time } }
//   <- { type: 'stop' }      closes both servers, then exits
// The child also exits when the IPC channel closes (the parent died), so it never outlives its parent. It ignores
// SIGINT and SIGTERM: a terminal's Ctrl-C signals the whole process group, and the parent still needs the emulators
// while it drains; the parent stops the child when it is done.
import { createReadStream } from 'node:fs';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { DiskS3Store, S3Error, VersionedS3Store } from './s3-stores.mjs';

const { region, dynamodbPath, s3Path } = JSON.parse(process.argv[2] ?? '{}');
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

const fauxqsEntry = import.meta.resolve('fauxqs');
const { SqsStore } = await import(new URL('./sqs/sqsStore.js', fauxqsEntry).href);

class QueueStore extends SqsStore {
  // Queue URLs are looked up verbatim by fauxqs; resolve any URL of the form .../<account>/<name> by its name too,
  // so an AWS-shaped URL or another host spelling (localhost vs 127.0.0.1) still finds the queue.
  getQueue(url) {
    return super.getQueue(url) ?? this.getQueueByName(String(url).split('/').pop());
  }
}

const s3Store = s3Path ? new DiskS3Store(s3Path) : new VersionedS3Store();
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

const hasReadConditions = (request) => ['range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'].some((name) => name in request.headers);

const sendObject = (reply, object, isHead) => {
  reply
    .header('content-type', object.contentType)
    .header('etag', object.etag)
    .header('last-modified', object.lastModified.toUTCString())
    .header('content-length', object.contentLength);
  for (const [name, value] of Object.entries(object.metadata)) reply.header(`x-amz-meta-${name}`, value);
  if (isHead) return reply.status(200).send();
  return reply.status(200).send(object.bodyPath === undefined ? object.body : createReadStream(object.bodyPath));
};

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
      s3Store.setVersioning(bucket, status);
      return reply.status(200).send();
    }
    return reply.status(200).header('content-type', 'application/xml').send(versioningXml(s3Store.versioning.get(bucket)));
  }
  if (typeof query.versionId === 'string' && isObjectRoute(request) && ['GET', 'HEAD'].includes(request.method)) {
    const isHead = request.method === 'HEAD';
    try {
      const version = s3Store.objectVersion(bucket, objectKey(request), query.versionId);
      return sendObject(reply.header('x-amz-version-id', query.versionId), version, isHead);
    } catch (error) {
      if (error instanceof S3Error) return sendS3Error(reply, error, isHead);
      throw error;
    }
  }
  // A whole object on disk is streamed from its file (ranged and conditional reads are fauxqs's, from the same file).
  if (request.method === 'GET' && isObjectRoute(request) && !hasReadConditions(request)) {
    const object = s3Store.currentObject(bucket, objectKey(request));
    if (object?.bodyPath !== undefined) return sendObject(reply, object, false);
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
  s3Store.close?.();
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
