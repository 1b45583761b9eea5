import { Worker } from 'node:worker_threads';
import type { TFExpressionSyntaxTree } from '@cdktf/hcl2json';

type HclCall = { readonly call: 'parse'; readonly args: readonly [file: string, text: string] } | { readonly call: 'getExpressionAst'; readonly args: readonly [file: string, expression: string] };

type Reply = { readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly message: string };

// Runs in the thread: @cdktf/hcl2json, loaded from where this module sits (the workspace's node_modules serve the
// source and the bundles alike).
const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const hcl = require('node:module').createRequire(workerData.requireFrom)('@cdktf/hcl2json');
parentPort.on('message', ({ id, call, args }) => {
  hcl[call](...args).then(
    (result) => parentPort.postMessage({ id, ok: true, result }),
    (error) => parentPort.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
`;

/** How long the thread waits for a next call before it ends (a module's files are parsed in one burst). */
const HCL_THREAD_IDLE_MS = 200;

interface HclThread {
  readonly worker: Worker;
  readonly pending: Map<number, { readonly resolve: (value: unknown) => void; readonly reject: (error: Error) => void }>;
  idle?: NodeJS.Timeout;
}

let current: HclThread | undefined;
let nextId = 0;

const endThread = (thread: HclThread, why: string): void => {
  if (current === thread) current = undefined;
  clearTimeout(thread.idle);
  for (const { reject } of thread.pending.values()) reject(new Error(`the HCL parser thread ended: ${why}`));
  thread.pending.clear();
};

/** No further call goes to the thread; it ends (its pending calls, none when idle, fail). */
const retire = (thread: HclThread): void => {
  if (current === thread) current = undefined;
  void thread.worker.terminate();
};

const startThread = (): HclThread => {
  const worker = new Worker(threadSource, { eval: true, workerData: { requireFrom: __filename } });
  worker.unref();
  const thread: HclThread = { worker, pending: new Map() };
  worker.on('message', (reply: Reply) => {
    const waiting = thread.pending.get(reply.id);
    thread.pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.result);
    else waiting?.reject(new Error(reply.message));
    if (thread.pending.size === 0) thread.idle = setTimeout(() => retire(thread), HCL_THREAD_IDLE_MS).unref();
  });
  worker.on('error', (error) => endThread(thread, error.message));
  worker.on('exit', (code) => endThread(thread, `exit code ${code}`));
  return thread;
};

/**
 * Calls @cdktf/hcl2json in a worker thread that ends once no call has come for HCL_THREAD_IDLE_MS. The parser is Go
 * compiled to WebAssembly: loaded into a thread, its runtime stays for the thread's life (about 90 MB), which for
 * the local runner is a whole run of hours, though it parses only while it starts.
 */
const callHcl = (request: HclCall): Promise<unknown> => {
  const thread = (current ??= startThread());
  clearTimeout(thread.idle);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    thread.worker.postMessage({ id, ...request });
  });
};

/** Whether the parser thread is running (it ends when idle). */
export const hclThreadRunning = (): boolean => current !== undefined;

/** @cdktf/hcl2json's `parse`, in the parser thread. */
export const parseInThread = (file: string, text: string): Promise<Record<string, unknown>> =>
  callHcl({ call: 'parse', args: [file, text] }) as Promise<Record<string, unknown>>;

/** @cdktf/hcl2json's `getExpressionAst`, in the parser thread. */
export const expressionAstInThread = (file: string, expression: string): Promise<TFExpressionSyntaxTree.ExpressionType | null> =>
  callHcl({ call: 'getExpressionAst', args: [file, expression] }) as Promise<TFExpressionSyntaxTree.ExpressionType | null>;
