import { join } from 'node:path';

/**
 * Where the local run keeps what lasts between runs (gitignored under tmp/): the state folder, and in it the
 * analytics zone, the mirror of the data lake's `analytics/` prefix that DuckDB reads.
 */
export const localStateLayout = (repoRoot: string) => {
  const stateDir = join(repoRoot, 'tmp', 'local-state');
  return { stateDir, zoneDir: join(stateDir, 'zone') } as const;
};
