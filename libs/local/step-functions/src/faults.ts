import { StatesError, functionError, lambdaUnknown } from './errors';

/** What a faulty Task call does instead of (or after) reaching the service. */
export type Fault =
  /** The service's throttling error: Lambda.TooManyRequestsException, DynamoDB.ProvisionedThroughputExceededException, SQS.RequestThrottled, SNS.ThrottledException, ... */
  | { readonly kind: 'throttle' }
  /** Any service error by name, e.g. `DynamoDB.ValidationException` or `Lambda.ServiceException`. */
  | { readonly kind: 'serviceError'; readonly error: string; readonly cause?: string }
  /** lambda:invoke only: the function throws (unhandled), as its own errorType. */
  | { readonly kind: 'functionError'; readonly errorType?: string; readonly errorMessage?: string }
  /** lambda:invoke only: the runtime dies without an error type (out of memory, exit): `Lambda.Unknown`. */
  | { readonly kind: 'crash' };

export interface FaultRule {
  /** The Task state's name; omitted = any state. */
  readonly state?: string;
  /** The Task's Resource, in full or its service action (`dynamodb:putItem`); omitted = any resource. */
  readonly resource?: string;
  readonly fault: Fault;
  /** How many matching calls fail; omitted = every one. */
  readonly times?: number;
  /** `before` (default): the call never reaches the service; `after`: the service did the work, the answer is lost. */
  readonly phase?: 'before' | 'after';
  /** Narrows the rule to calls whose parameters match (e.g. one order id). */
  readonly when?: (parameters: unknown) => boolean;
}

export interface TaskCall {
  readonly state: string;
  readonly resource: string;
  readonly parameters: unknown;
}

const SERVICE_INTEGRATION = /^(?:arn:aws:states:::)?(?:aws-sdk:)?/;

/** A Task Resource's service action as a fault rule names it: `dynamodb:putItem`, `s3:getObject` (an aws-sdk integration's too). */
export const serviceAction = (resource: string): string => resource.replace(SERVICE_INTEGRATION, '');

const serviceOf = (resource: string): string => serviceAction(resource).split(':')[0] ?? resource;

/** Each service's throttling and internal errors as Step Functions raises them (and the template's Retry lists name them). */
const serviceErrors: Readonly<Record<string, { readonly throttle: string; readonly internal: string }>> = {
  lambda: { throttle: 'Lambda.TooManyRequestsException', internal: 'Lambda.ServiceException' },
  dynamodb: { throttle: 'DynamoDB.ProvisionedThroughputExceededException', internal: 'DynamoDB.InternalServerErrorException' },
  sqs: { throttle: 'SQS.RequestThrottled', internal: 'SQS.AmazonSQSException' },
  sns: { throttle: 'SNS.ThrottledException', internal: 'SNS.InternalErrorException' },
  // AWS SDK integrations name an error <Service>.<Code>Exception, as the runner names the emulator's own S3 errors.
  s3: { throttle: 'S3.SlowDownException', internal: 'S3.InternalErrorException' },
  // StartExecution's throttling and internal errors have no exception class of their own in the SDK Step Functions
  // names errors after: both are the service's generic exception, as DynamoDB's unclassed codes are.
  states: { throttle: 'StepFunctions.AWSStepFunctionsException', internal: 'StepFunctions.AWSStepFunctionsException' },
};

/** The error a service's own failure raises, for a fault rule's `error` without a name. */
export const internalError = (service: string): string | undefined => serviceErrors[service]?.internal;

export const faultError = (fault: Fault, call: TaskCall): StatesError => {
  switch (fault.kind) {
    case 'throttle': {
      const error = serviceErrors[serviceOf(call.resource)]?.throttle ?? 'States.TaskFailed';
      return new StatesError(error, `Rate exceeded (injected fault on ${call.state})`);
    }
    case 'serviceError':
      return new StatesError(fault.error, fault.cause ?? `${fault.error} (injected fault on ${call.state})`);
    case 'functionError':
      return functionError(fault.errorType ?? 'Error', fault.errorMessage ?? `injected function error on ${call.state}`);
    case 'crash':
      return lambdaUnknown('Runtime exited without providing a reason');
  }
};

/** A rule's resource in full, or its action: `dynamodb:putItem`, `s3:getObject` (an aws-sdk integration's too). */
const resourceMatches = (wanted: string | undefined, resource: string): boolean => wanted === undefined || serviceAction(wanted) === serviceAction(resource);

interface ArmedRule {
  readonly rule: FaultRule;
  remaining: number;
}

export const createFaultInjector = (initial: readonly FaultRule[] = []) => {
  let rules: ArmedRule[] = initial.map((rule) => ({ rule, remaining: rule.times ?? Infinity }));
  return {
    add: (rule: FaultRule): void => {
      rules = [...rules, { rule, remaining: rule.times ?? Infinity }];
    },
    clear: (): void => {
      rules = [];
    },
    /** The fault to raise for this call in this phase, consuming one of the rule's `times`. */
    take: (call: TaskCall, phase: 'before' | 'after'): Fault | undefined => {
      const armed = rules.find(
        ({ rule, remaining }) =>
          remaining > 0 &&
          (rule.phase ?? 'before') === phase &&
          (rule.state === undefined || rule.state === call.state) &&
          resourceMatches(rule.resource, call.resource) &&
          (rule.when === undefined || rule.when(call.parameters)),
      );
      if (!armed) return undefined;
      armed.remaining -= 1;
      return armed.rule.fault;
    },
  };
};
