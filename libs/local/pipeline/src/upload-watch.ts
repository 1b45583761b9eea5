import type { Emulators } from '@sales-pipeline/local-emulators';

/**
 * Object writes per key whose Object Created event reached the rule (the emulator announces writes asynchronously),
 * so a write can be awaited until its event is on its way.
 */
export const createUploadWatch = (emulators: Pick<Emulators, 'onObjectCreated'>) => {
  const writesSeen = new Map<string, number>();
  const waiters = new Set<{ readonly key: string; readonly count: number; readonly resolve: () => void }>();
  emulators.onObjectCreated((write) => {
    const seen = (writesSeen.get(write.key) ?? 0) + 1;
    writesSeen.set(write.key, seen);
    for (const waiter of waiters) {
      if (waiter.key === write.key && seen >= waiter.count) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  });
  return {
    /** Call before a write: the returned function resolves once the rule has seen that write of `key`. */
    nextWrite: (key?: string) => {
      const before = new Map(writesSeen);
      return (writtenKey = key ?? ''): Promise<void> => {
        const count = (before.get(writtenKey) ?? 0) + 1;
        return (writesSeen.get(writtenKey) ?? 0) >= count
          ? Promise.resolve()
          : new Promise<void>((resolve) => waiters.add({ key: writtenKey, count, resolve }));
      };
    },
  };
};
