import { linkSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isRunning } from '@sales-pipeline/local-pipeline-engine';
import { LocalEndpoints, localEndpointsFile, localFailedExecutionsFile } from '@sales-pipeline/pipeline-contracts';

/** Where a run's endpoints file went, and the live run that holds the usual one when it could not go there. */
export interface EndpointsFile {
  readonly file: string;
  readonly heldBy?: number;
}

/** The pid of the run whose endpoints `file` holds, if it holds endpoints (pipeline-contracts' `LocalEndpoints`). */
const writerOf = (file: string): number | undefined => {
  try {
    const written: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return LocalEndpoints.is(written) ? written.pid : undefined;
  } catch {
    return undefined;
  }
};

/** Creates `file` with `contents` only if it does not exist, in one step: nobody ever reads it half-written. */
const createExclusively = (file: string, contents: string, pid: number): boolean => {
  const temporary = `${file}.${pid}.tmp`;
  writeFileSync(temporary, contents);
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    rmSync(temporary, { force: true });
  }
};

/**
 * Writes the run's endpoints to `<runDir>/endpoints.json`, where `npm run ops -- --local` looks, unless another live
 * run (on another state folder) holds it: then to `<runDir>/runs/<pid>/endpoints.json`, so neither run overwrites or
 * removes the other's. A file left by a run that is gone is taken over.
 */
export const claimEndpointsFile = (runDir: string, endpoints: LocalEndpoints): EndpointsFile => {
  const { pid } = endpoints;
  const contents = `${JSON.stringify(endpoints, null, 2)}\n`;
  const usual = localEndpointsFile(runDir);
  mkdirSync(runDir, { recursive: true });
  for (;;) {
    if (createExclusively(usual, contents, pid)) return { file: usual };
    const holder = writerOf(usual);
    if (holder !== undefined && holder !== pid && isRunning(holder)) {
      const own = localEndpointsFile(runDir, pid);
      mkdirSync(dirname(own), { recursive: true });
      writeFileSync(own, contents);
      return { file: own, heldBy: holder };
    }
    rmSync(usual, { force: true });
  }
};

/** Removes the run's endpoints file and its failed-executions file, if this run (`pid`) is still the one that wrote it. */
export const releaseEndpointsFile = (claimed: EndpointsFile, pid: number): void => {
  if (writerOf(claimed.file) !== pid) return;
  rmSync(localFailedExecutionsFile(claimed.file), { force: true });
  rmSync(claimed.file, { force: true });
  if (claimed.heldBy === undefined) return;
  const own = dirname(claimed.file);
  rmSync(own, { recursive: true, force: true });
  try {
    rmdirSync(dirname(own));
  } catch {
    // Another live run's folder is still in runs/.
  }
};
