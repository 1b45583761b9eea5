import { join } from 'node:path';

/**
 * Where the local run keeps what lasts between runs (gitignored under tmp/): the state folder, and in it the
 * analytics zone, the mirror of the data lake's `analytics/` prefix that DuckDB reads.
 */
export const localStateLayout = (repoRoot: string) => {
  const stateDir = join(repoRoot, 'tmp', 'local-state');
  return { stateDir, zoneDir: zoneDirOf(stateDir) } as const;
};

/** The analytics zone inside a state folder (`npm start --state <dir>` keeps its own). */
export const zoneDirOf = (stateDir: string): string => join(stateDir, 'zone');
