import { createInFlight } from './in-flight';

const deferred = () => {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('createInFlight', () => {
  it('is idle at once when nothing was started', async () => {
    await expect(createInFlight().idle()).resolves.toBeUndefined();
  });

  it('waits for work started while it waits, and for failed work without failing itself', async () => {
    const inFlight = createInFlight();
    const first = deferred();
    const second = deferred();
    const failed = inFlight.track(first.promise);
    let idle = false;
    const waiting = inFlight.idle().then(() => (idle = true));
    inFlight.track(second.promise);
    first.reject(new Error('target failed'));
    await expect(failed).rejects.toThrow('target failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    second.resolve();
    await waiting;
    expect(idle).toBe(true);
  });
});
