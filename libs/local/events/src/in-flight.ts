/**
 * The work a local component has started and not yet seen settle (rule targets, ticks, executions): `idle` resolves
 * once none is left, including work started while it waits. A rejection stays the caller's to handle.
 */
export interface InFlight {
  readonly track: <A>(work: Promise<A>) => Promise<A>;
  /** Starts `work` without waiting for it, tracked; what it throws or rejects with goes to `onError`. */
  readonly run: (work: () => unknown, onError: (error: unknown) => void) => void;
  readonly idle: () => Promise<void>;
}

export const createInFlight = (): InFlight => {
  const running = new Set<Promise<unknown>>();
  const track = <A>(work: Promise<A>): Promise<A> => {
    running.add(work);
    void work.then(
      () => running.delete(work),
      () => running.delete(work),
    );
    return work;
  };
  return {
    track,
    run: (work, onError) => void track(Promise.resolve().then(work).then(() => undefined, onError)),
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};
