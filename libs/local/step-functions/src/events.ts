/**
 * Progress of the local runner, for readable progress lines and for metering. A TaskCall carries the call's request
 * and response so that a listener can measure what a service would bill (item sizes, message sizes): execution data,
 * never to be printed. No other event carries execution data except alert text.
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
  | { readonly type: 'StateEntered'; readonly executionArn: string; readonly state: string; readonly stateType: string }
  | { readonly type: 'StateRetried'; readonly executionArn: string; readonly state: string; readonly attempt: number }
  | { readonly type: 'StateCaught'; readonly executionArn: string; readonly state: string; readonly error?: string }
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
      /** Local time the call took (for a Lambda, the function's invocation in its worker). */
      readonly durationMs: number;
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
  | {
      readonly type: 'MapRunStarted';
      readonly executionArn: string;
      readonly mapRunArn: string;
      readonly state: string;
      readonly items: number;
      readonly batches: number;
    }
  | {
      readonly type: 'MapRunEnded';
      readonly executionArn: string;
      readonly mapRunArn: string;
      readonly state: string;
      readonly succeeded: number;
      readonly failed: number;
      readonly pending: number;
      /** Where ResultWriter wrote the manifest, when the Map has a ResultWriter (also for a failed Map Run). */
      readonly resultWriterDetails?: { readonly Bucket: string; readonly Key: string };
    };

export type RunnerEventListener = (event: RunnerEvent) => void;

export interface EventBus {
  readonly emit: (event: RunnerEvent) => void;
  readonly on: (listener: RunnerEventListener) => () => void;
}

export const createEventBus = (): EventBus => {
  const listeners = new Set<RunnerEventListener>();
  return {
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
