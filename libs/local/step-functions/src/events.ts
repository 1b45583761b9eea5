/**
 * What the local runner did, one event per thing that happened (progress lines, counts and the cost meter are built
 * from these, never by re-reading queues or files). Execution data travels only where a listener needs it: alert
 * text, the body of a message sent to a queue, a child execution's output, and a TaskCall's request and response
 * (for metering what a service would bill; never to be printed).
 */
export type RunnerEvent =
  | { readonly type: 'ExecutionStarted'; readonly executionArn: string; readonly parentArn?: string; readonly kind: 'STANDARD' | 'EXPRESS' }
  | {
      readonly type: 'ExecutionEnded';
      readonly executionArn: string;
      readonly parentArn?: string;
      readonly kind: 'STANDARD' | 'EXPRESS';
      readonly status: 'SUCCEEDED' | 'FAILED';
      readonly error?: string;
      readonly cause?: string;
      readonly durationMs: number;
    }
  | { readonly type: 'StateEntered'; readonly executionArn: string; readonly state: string }
  | { readonly type: 'StateRetried'; readonly executionArn: string; readonly state: string }
  | { readonly type: 'StateCaught'; readonly executionArn: string; readonly state: string }
  | {
      readonly type: 'TaskCall';
      readonly executionArn: string;
      readonly state: string;
      readonly resource: string;
      readonly ok: boolean;
      readonly error?: string;
      /** The API parameters the Task sent, as Step Functions passed them. */
      readonly request: unknown;
      /** The call's result (successful calls only). */
      readonly response?: unknown;
      /** Local time the call took, waits included. */
      readonly durationMs: number;
      /** A Lambda's own run time, what Lambda bills (not the wait for the one local environment of the function). */
      readonly functionDurationMs?: number;
    }
  | {
      /** An S3 request of a distributed Map itself: ItemReader's GetObject, ResultWriter's PutObjects. */
      readonly type: 'ObjectRequest';
      readonly executionArn: string;
      readonly operation: 'GetObject' | 'PutObject';
      readonly bytes: number;
    }
  | { readonly type: 'FaultInjected'; readonly executionArn: string; readonly state: string; readonly resource: string; readonly error: string }
  | { readonly type: 'AlertPublished'; readonly executionArn: string; readonly topicArn: string; readonly subject?: string; readonly message: string }
  | { readonly type: 'MapRunStarted'; readonly executionArn: string; readonly items: number }
  | { readonly type: 'MessageSent'; readonly executionArn: string; readonly state: string; readonly queueUrl: string; readonly body: string }
  | {
      readonly type: 'MapRunChildEnded';
      /** The execution whose Map Run started the child. */
      readonly executionArn: string;
      readonly childArn: string;
      readonly status: 'SUCCEEDED' | 'FAILED';
      /** Items of the child's batch, and the batch (the child's input). */
      readonly items: number;
      readonly input: unknown;
      readonly output?: unknown;
    };

export type RunnerEventListener = (event: RunnerEvent) => void;

export const createEventBus = () => {
  const listeners = new Set<RunnerEventListener>();
  return {
    emit: (event: RunnerEvent): void => {
      for (const listener of listeners) listener(event);
    },
    on: (listener: RunnerEventListener): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
