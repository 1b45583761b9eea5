import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import { lock } from 'proper-lockfile';
import { errorMessage } from './start-problem';

/** The folder a local run keeps what lasts (S3's objects and versions, DynamoDB's tables, the zone), held by one run at a time. */
export interface HeldStateFolder {
  readonly dir: string;
  /** The pid of a run that held the folder and ended without releasing it (killed): its lock went stale and was taken over. */
  readonly tookOverFrom: number | 'unknown' | undefined;
  /** Whether the folder held anything when this run took it (false after --fresh). */
  readonly continues: boolean;
  readonly release: () => Promise<void>;
}

export type StateFolderProblem =
  | { readonly _tag: 'StateFolderHeld'; readonly dir: string; readonly pid: number | undefined }
  | { readonly _tag: 'StateFolderUnusable'; readonly dir: string; readonly message: string };

export const describeStateFolderProblem = (problem: StateFolderProblem): string => {
  switch (problem._tag) {
    case 'StateFolderHeld':
      return `the state folder ${problem.dir} is in use by another local run (pid ${problem.pid ?? 'unknown'}): stop that run first, or give this one its own folder with --state <dir>`;
    case 'StateFolderUnusable':
      return `cannot use the state folder ${problem.dir}: ${problem.message}`;
  }
};

/**
 * A holder's lock is refreshed every STALE_MS / 2 and counts as stale (its run is gone) when not refreshed for STALE_MS;
 * a lock whose recorded holder is no longer running is waited out that long at most, then taken over.
 */
const STALE_MS = 10_000;
const LOCK = '.lock';
const HOLDER = '.holder.json';

const Holder = t.type({ pid: t.number, since: t.string });

const readHolder = async (dir: string): Promise<t.TypeOf<typeof Holder> | undefined> => {
  const text = await readFile(join(dir, HOLDER), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const decoded = E.tryCatch(() => JSON.parse(text) as unknown, () => undefined);
  return E.isRight(decoded) && Holder.is(decoded.right) ? decoded.right : undefined;
};

/** Whether a process with this pid runs (signal 0 checks without signalling; EPERM: it runs as another user). */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const unusable =
  (dir: string) =>
  (error: unknown): StateFolderProblem => ({ _tag: 'StateFolderUnusable', dir, message: errorMessage(error) });

const contents = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((name) => name !== LOCK && name !== HOLDER);

const acquire = (dir: string, onLost: (message: string) => void) =>
  TE.tryCatch(
    async () => {
      const before = await readHolder(dir);
      const lockWasThere = existsSync(join(dir, LOCK));
      const holderGone = before !== undefined && !isRunning(before.pid);
      const release = await lock(dir, {
        lockfilePath: join(dir, LOCK),
        realpath: false,
        stale: STALE_MS,
        retries: holderGone ? { retries: Math.ceil(STALE_MS / 500) + 2, minTimeout: 500, maxTimeout: 500, factor: 1 } : 0,
        onCompromised: (error) => onLost(`the lock of the state folder ${dir} was lost (${error.message}); another run may take it over`),
      });
      return { release, tookOverFrom: lockWasThere ? (before?.pid ?? 'unknown') : undefined } as const;
    },
    (error): StateFolderProblem | 'held' => ((error as NodeJS.ErrnoException).code === 'ELOCKED' ? 'held' : unusable(dir)(error)),
  );

/**
 * Holds the state folder for this run (created if missing) or says who holds it: one run at a time, checked before
 * anything starts. A lock left by a run that was killed goes stale and is taken over (`tookOverFrom` says whose).
 * `fresh` empties the folder once it is held.
 */
export const holdStateFolder = (dir: string, options: { readonly fresh: boolean; readonly onLost: (message: string) => void }): TE.TaskEither<StateFolderProblem, HeldStateFolder> =>
  pipe(
    TE.tryCatch(() => mkdir(dir, { recursive: true }), unusable(dir)),
    TE.flatMap(() => acquire(dir, options.onLost)),
    TE.orElse((problem) =>
      problem === 'held'
        ? pipe(
            TE.fromTask(() => readHolder(dir)),
            TE.flatMap((holder) => TE.left<StateFolderProblem, never>({ _tag: 'StateFolderHeld', dir, pid: holder?.pid })),
          )
        : TE.left(problem),
    ),
    TE.flatMap(({ release, tookOverFrom }) =>
      TE.tryCatch(
        async (): Promise<HeldStateFolder> => {
          if (options.fresh) await Promise.all((await contents(dir)).map((name) => rm(join(dir, name), { recursive: true, force: true })));
          const continues = (await contents(dir)).length > 0;
          await writeFile(join(dir, HOLDER), `${JSON.stringify({ pid: process.pid, since: new Date().toISOString() })}\n`);
          return {
            dir,
            tookOverFrom,
            continues,
            release: async () => {
              await rm(join(dir, HOLDER), { force: true });
              await release();
            },
          };
        },
        (error) => {
          void release();
          return unusable(dir)(error);
        },
      ),
    ),
  );
