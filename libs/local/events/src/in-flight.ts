/**
 * The work a local component has started and not yet seen settle (rule targets, ticks, executions): `idle` resolves
 * once none is left, including work started while it waits. A rejection stays the caller's to handle.
 */
export interface InFlight {
  readonly track: <A>(work: Promise<A>) => Promise<A>;
  readonly idle: () => Promise<void>;
}

export const createInFlight = (): InFlight => {
  const running = new Set<Promise<unknown>>();
  return {
    track: (work) => {
      running.add(work);
      void work.then(
        () => running.delete(work),
        () => running.delete(work),
      );
      return work;
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};
