import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { LocalDeployment } from '@sales-pipeline/local-deployment';
import type { LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { OrderFileWritten } from '@sales-pipeline/sales-generation';
import * as E from 'fp-ts/Either';
import type { ExecutionLedger } from './execution-ledger';
import { invokeAsynchronously, type SendDeadLetter } from './failure-paths';
import type { Progress } from './progress';
import type { RunAccounts } from './run-accounts';
import type { createUploadWatch } from './upload-watch';

/** The AWS CLI's multipart threshold and part size (`multipart_threshold`, `multipart_chunksize`: 8 MB). */
const MULTIPART_PART_BYTES = 8 * 1024 * 1024;

type UploadWatch = ReturnType<typeof createUploadWatch>;

/**
 * One Scheduler invocation of the generator for a scheduled time (Lambda's async retries, then its on-failure
 * destination). Refused when the workspace declares no schedule.
 */
export const schedulerTick = (deployment: LocalDeployment, functions: Readonly<Record<string, LambdaFunction>>, sendDeadLetter: SendDeadLetter, accounts: RunAccounts, uploads: UploadWatch) => {
  const generator = deployment.scheduled && functions[deployment.scheduled.generator.arn];
  if (deployment.scheduled === undefined || generator === undefined)
    return (): Promise<void> => Promise.reject(new Error(`workspace ${deployment.workspace} declares no aws_scheduler_schedule: there is no generator to invoke`));
  const invokeGenerator = invokeAsynchronously({
    functionArn: deployment.scheduled.generator.arn,
    fn: generator,
    maximumRetryAttempts: deployment.scheduled.generator.asyncMaximumRetryAttempts,
    sendDeadLetter,
  });
  return async (scheduledTime: string): Promise<void> => {
    const tick = accounts.countTick();
    const announced = uploads.nextWrite();
    const invocation = await invokeGenerator({ scheduledTime }, OrderFileWritten, (attempt, message) =>
      accounts.progress({ _tag: 'TickFailed', tick, scheduledTime, attempt, message }),
    )();
    if (E.isLeft(invocation)) {
      accounts.progress({ _tag: 'DeadLetterLost', what: `the generator invocation of ${scheduledTime}`, message: invocation.left.message });
      return;
    }
    if (invocation.right._tag === 'RetriesExhausted') {
      accounts.progress({ _tag: 'DeadLettered', body: invocation.right.deadLetterBody });
      return;
    }
    accounts.progress({ _tag: 'Tick', tick, scheduledTime, ...invocation.right.value });
    await announced(invocation.right.value.key);
  };
};

/** A user's upload into the data lake (multipart above 8 MiB, as the AWS CLI), resolved once its event is on its way. */
export const userUpload =
  (deployment: LocalDeployment, s3: S3Client, uploads: UploadWatch) =>
  async (key: string, body: string | Uint8Array | Readable): Promise<{ readonly versionId?: string }> => {
    const announced = uploads.nextWrite(key);
    const written = await new Upload({
      client: s3,
      params: { Bucket: deployment.bucket.name, Key: key, Body: body, ContentType: 'application/json' },
      partSize: MULTIPART_PART_BYTES,
      queueSize: 2,
    }).done();
    await announced();
    return written.VersionId ? { versionId: written.VersionId } : {};
  };

/** Every `everyMs`, a line per execution running that long: orders done of read, with orders/s. Returns its stop. */
export const startLiveProgress = (ledger: ExecutionLedger, progress: (event: Progress) => void, everyMs: number): (() => void) => {
  if (everyMs <= 0) return () => undefined;
  const live = setInterval(() => {
    const now = Date.now();
    for (const running of ledger.running()) {
      if (now - running.startedAt < everyMs || running.ordersRead === 0) continue;
      progress({ _tag: 'ExecutionRunning', ...running, ordersPerSecond: (running.ordersDone * 1000) / (now - running.startedAt) });
    }
  }, everyMs);
  live.unref();
  return () => clearInterval(live);
};
