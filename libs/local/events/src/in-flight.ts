/**
 * The work a local component has started and not yet seen settle (rule targets, ticks, executions): `idle` resolves
 * once none is left, including work started while it waits. A rejection stays the caller's to handle.
 */
export const createInFlight = () => {
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
    /** Starts `work` without waiting for it, tracked; what it throws or rejects with goes to `onError`. */
    run: (work: () => unknown, onError: (error: unknown) => void): void => void track(Promise.resolve().then(work).then(() => undefined, onError)),
    idle: async (): Promise<void> => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};

export type InFlight = Readonly<ReturnType<typeof createInFlight>>;
