import { randomUUID } from 'node:crypto';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { StatesError, fieldOf, functionError, lambdaUnknown, payloadTooLarge } from './errors';
import type { Json, JsonObject } from './asl';
import { startServiceThread, type ServiceFailure, type ServiceThread, type ServiceThreadConfigs, type ThreadService } from './service-thread';

/**
 * SDK configurations for the emulators (endpoint, region, credentials), one per service the definition uses; plain
 * data (they are handed to the service thread).
 */
export interface ClientConfigs extends ServiceThreadConfigs {
  readonly s3?: S3ClientConfig;
}

/** S3 for the distributed Map's reads and writes (streams) here; the Task calls' services in the service thread. */
export interface Clients {
  readonly s3?: S3Client;
  readonly thread: ServiceThread;
}

export const createClients = ({ s3, ...threaded }: ClientConfigs): Clients => ({
  ...(s3 ? { s3: new S3Client(s3) } : {}),
  thread: startServiceThread(threaded),
});

export const destroyClients = (clients: Clients): void => {
  clients.s3?.destroy();
  clients.thread.close();
};

/** Functions by name or ARN; `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` also finds `<name>`. */
export type FunctionRegistry = Readonly<Record<string, LambdaFunction>>;

const sdkServiceNames = { DynamoDB: 'AmazonDynamoDBv2', SQS: 'AmazonSQS', SNS: 'AmazonSNS', S3: 'Amazon S3' } as const;
type ServicePrefix = keyof typeof sdkServiceNames;

/**
 * DynamoDB's error codes as Step Functions reports them for the optimized integration: the exception classes of the
 * AWS SDK for Java (`RequestLimitExceeded` is `RequestLimitExceededException` there); a code without a class of its
 * own (ValidationException, ThrottlingException, AccessDeniedException, ...) is `DynamoDB.AmazonDynamoDBException`,
 * its code only in the Cause.
 */
const dynamoDbExceptionClasses: Readonly<Record<string, string>> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailedException',
  ProvisionedThroughputExceededException: 'ProvisionedThroughputExceededException',
  RequestLimitExceeded: 'RequestLimitExceededException',
  InternalServerError: 'InternalServerErrorException',
  ResourceNotFoundException: 'ResourceNotFoundException',
  ItemCollectionSizeLimitExceededException: 'ItemCollectionSizeLimitExceededException',
  TransactionConflictException: 'TransactionConflictException',
  LimitExceededException: 'LimitExceededException',
  ResourceInUseException: 'ResourceInUseException',
};

const reportedName = (prefix: ServicePrefix, code: string): string =>
  prefix === 'DynamoDB' ? (dynamoDbExceptionClasses[code] ?? 'AmazonDynamoDBException') : code;

/** What an SDK error carries, read without trusting its shape. */
const sdkErrorOf = (caught: unknown): ServiceFailure => {
  const [name, message, metadata] = [fieldOf(caught, 'name'), fieldOf(caught, 'message'), fieldOf(caught, '$metadata')];
  const [status, requestId] = [fieldOf(metadata, 'httpStatusCode'), fieldOf(metadata, 'requestId')];
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof metadata === 'object' && metadata !== null
      ? { $metadata: { ...(typeof status === 'number' ? { httpStatusCode: status } : {}), ...(typeof requestId === 'string' ? { requestId } : {}) } }
      : {}),
  };
};

/**
 * A service exception as Step Functions names it (`<Service>.<ExceptionName>`) with the Cause text in the shape
 * Step Functions gives it ("... (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ...; Request ID: ...)").
 * An error without an HTTP status never reached the service: `<Service>.SdkClientException`.
 */
const serviceError = (prefix: ServicePrefix, caught: unknown): StatesError => {
  const error = sdkErrorOf(caught);
  const status = error.$metadata?.httpStatusCode;
  const code = status === undefined ? 'SdkClientException' : (error.name ?? 'UnknownError');
  const name = status === undefined ? code : reportedName(prefix, code);
  const message = error.message ?? String(caught);
  const requestId = error.$metadata?.requestId ?? 'local';
  return new StatesError(
    `${prefix}.${name}`,
    `${message} (Service: ${sdkServiceNames[prefix]}; Status Code: ${status ?? 0}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`,
  );
};

const responseMetadata = (metadata: { readonly httpStatusCode?: number; readonly requestId?: string } | undefined) => ({
  SdkHttpMetadata: { HttpHeaders: {}, HttpStatusCode: metadata?.httpStatusCode ?? 200 },
  SdkResponseMetadata: { RequestId: metadata?.requestId ?? randomUUID() },
});

/** The API output as Step Functions returns it: the response fields plus SdkHttpMetadata/SdkResponseMetadata. */
const asTaskResult = (fields: JsonObject, metadata: ServiceFailure['$metadata']): Json => ({ ...fields, ...responseMetadata(metadata) });

const prefixes: Readonly<Record<ThreadService, ServicePrefix>> = { dynamodb: 'DynamoDB', sqs: 'SQS', sns: 'SNS' };

/** One API call through the service thread, its error named as Step Functions names it. */
const threadCall = (
  thread: ServiceThread,
  service: ThreadService,
  command: string,
  input: Readonly<Record<string, unknown>>,
  resource: string,
): TE.TaskEither<StatesError, Json> => {
  if (!thread.serves(service)) throw new StatesError('States.Runtime', `no ${service} client configuration was given for ${resource}`, { terminal: true });
  return pipe(
    TE.tryCatch(
      () => thread.send(service, command, input),
      (caught) => serviceError(prefixes[service], caught),
    ),
    TE.flatMap((reply) => (reply.ok ? TE.right(asTaskResult(reply.fields, reply.metadata)) : TE.left(serviceError(prefixes[service], reply.failure)))),
  );
};

const call = <T extends { readonly $metadata?: ServiceFailure['$metadata'] }>(prefix: ServicePrefix, send: () => Promise<T>): TE.TaskEither<StatesError, T> =>
  TE.tryCatch(send, (caught) => serviceError(prefix, caught));

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const asObject = (parameters: unknown, resource: string): Readonly<Record<string, unknown>> => {
  if (!isRecord(parameters)) throw new StatesError('States.Runtime', `${resource} needs an object of API parameters`, { terminal: true });
  return parameters;
};

const isByteStream = (body: unknown): body is AsyncIterable<Uint8Array> => typeof body === 'object' && body !== null && Symbol.asyncIterator in body;

/** Step Functions serializes a JSON value given where the API wants a string (SQS MessageBody, SNS Message). */
const asText = (value: unknown): unknown => (typeof value === 'string' || value === undefined ? value : JSON.stringify(value));

const functionNameOf = (name: string): string => /^arn:aws[\w-]*:lambda:[^:]+:\d+:function:([^:]+)/.exec(name)?.[1] ?? name.split(':')[0] ?? name;

const findFunction = (functions: FunctionRegistry, name: string): LambdaFunction | undefined =>
  functions[name] ??
  functions[functionNameOf(name)] ??
  Object.entries(functions).find(([key]) => functionNameOf(key) === functionNameOf(name))?.[1];

/** A JSON copy of what a function returned (what crosses the Lambda API), null for undefined. */
const jsonCopy = (value: unknown): Json => {
  const copy: Json | undefined = JSON.parse(JSON.stringify(value ?? null));
  return copy ?? null;
};

/** Invokes a function from its zip as Lambda's Invoke API would (RequestResponse); its unhandled error as Step Functions raises it. */
const invokeFunction = (
  functions: FunctionRegistry,
  functionName: string,
  payload: unknown,
  onRun: (durationMs: number) => void = () => undefined,
): TE.TaskEither<StatesError, { payload: Json; requestId: string }> => {
  const fn = findFunction(functions, functionName);
  if (!fn)
    return TE.left(
      new StatesError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${functionName} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: local; Proxy: null)`,
      ),
    );
  const requestId = randomUUID();
  return pipe(
    TE.tryCatch(
      () => fn.invoke(JSON.parse(JSON.stringify(payload ?? {}))),
      (caught) => new StatesError('Lambda.ServiceException', `the local function runner failed: ${String(caught)}`),
    ),
    TE.tap((result) => TE.fromIO(() => (result.durationMs === undefined ? undefined : onRun(result.durationMs)))),
    TE.flatMap((result) =>
      result.ok
        ? TE.right({ payload: jsonCopy(result.payload), requestId })
        : TE.left(result.errorType === 'Runtime.ExitError' ? lambdaUnknown(result.errorMessage) : functionError(result.errorType, result.errorMessage)),
    ),
  );
};

/** StartExecution of another state machine (fire and forget), as the states:startExecution integration makes it. */
export type StartExecution = (stateMachineArn: string, input: Json) => Promise<{ readonly executionArn: string; readonly startDate: Date }>;

export interface ServiceContext {
  readonly clients: Clients;
  readonly functions: FunctionRegistry;
  /** The state machines a states:startExecution Task may start; none when absent. */
  readonly startExecution?: StartExecution;
  readonly onAlert: (topicArn: string, subject: string | undefined, message: string) => void;
  readonly onMessageSent: (queueUrl: string, body: string) => void;
  /** A function's own run time (its billed duration), without the wait for its one local environment. */
  readonly onFunctionRun?: (durationMs: number) => void;
}

export type ServiceHandler = (parameters: unknown, context: ServiceContext, resource: string) => TE.TaskEither<StatesError, Json>;

const lambdaInvoke: ServiceHandler = (parameters, context, resource) => {
  const input = asObject(parameters, resource);
  if (input['InvocationType'] !== undefined && input['InvocationType'] !== 'RequestResponse')
    throw new StatesError('States.Runtime', `${resource}: only InvocationType RequestResponse runs locally`, { terminal: true });
  return pipe(
    invokeFunction(context.functions, String(input['FunctionName']), input['Payload'], context.onFunctionRun),
    TE.map(({ payload, requestId }) => ({
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: { HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST' }, HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    })),
  );
};

const dynamodb =
  (command: 'PutItem' | 'GetItem' | 'UpdateItem'): ServiceHandler =>
  (parameters, { clients }, resource) =>
    threadCall(clients.thread, 'dynamodb', command, asObject(parameters, resource), resource);

const sqsSendMessage: ServiceHandler = (parameters, context, resource) => {
  const input = asObject(parameters, resource);
  const body = asText(input['MessageBody']);
  return pipe(
    threadCall(context.clients.thread, 'sqs', 'SendMessage', { ...input, MessageBody: body }, resource),
    TE.tap(() => TE.fromIO(() => context.onMessageSent(String(input['QueueUrl']), typeof body === 'string' ? body : ''))),
  );
};

const snsPublish: ServiceHandler = (parameters, context, resource) => {
  const input = asObject(parameters, resource);
  const message = String(asText(input['Message']));
  return pipe(
    threadCall(context.clients.thread, 'sns', 'Publish', { ...input, Message: message }, resource),
    TE.tap(() => TE.fromIO(() => context.onAlert(String(input['TopicArn'] ?? input['TargetArn']), typeof input['Subject'] === 'string' ? input['Subject'] : undefined, message))),
  );
};

/**
 * The AWS SDK integration's GetObject: the API's output fields, the object's Body as a UTF-8 string. Errors are named
 * as for AWS SDK integrations, `S3.<ExceptionName>` (`S3.NoSuchKeyException`, ...).
 */
const s3GetObject: ServiceHandler = (parameters, { clients }, resource) => {
  const client = clients.s3;
  if (!client) throw new StatesError('States.Runtime', `no s3 client configuration was given for ${resource}`, { terminal: true });
  const input = asObject(parameters, resource);
  const s3Error = (caught: unknown): StatesError => {
    const error = sdkErrorOf(caught);
    return serviceError('S3', { ...error, ...(error.name === undefined || error.name.endsWith('Exception') ? {} : { name: `${error.name}Exception` }) });
  };
  const request = {
    Bucket: String(input['Bucket']),
    Key: String(input['Key']),
    ...(typeof input['VersionId'] === 'string' ? { VersionId: input['VersionId'] } : {}),
  };
  return pipe(
    TE.tryCatch(() => client.send(new GetObjectCommand(request)), s3Error),
    TE.flatMap(({ Body, $metadata, ...rest }) =>
      TE.tryCatch(async (): Promise<Json> => {
        const fields: JsonObject = JSON.parse(JSON.stringify(rest));
        return { ...fields, Body: (await Body?.transformToString('utf-8')) ?? '', ...responseMetadata($metadata) };
      }, s3Error),
    ),
  );
};

/** states:startExecution (request-response): starts the named state machine with Input (a JSON string or value). */
const statesStartExecution: ServiceHandler = (parameters, context, resource) => {
  const input = asObject(parameters, resource);
  const start = context.startExecution;
  if (!start) throw new StatesError('States.Runtime', `${resource}: the local runner was given no state machine to start`, { terminal: true });
  const executionInput: Json = typeof input['Input'] === 'string' ? JSON.parse(input['Input']) : JSON.parse(JSON.stringify(input['Input'] ?? {}));
  return pipe(
    TE.tryCatch(
      () => start(String(input['StateMachineArn']), executionInput),
      (caught) => new StatesError('StepFunctions.SdkClientException', `the local StartExecution failed: ${String(caught)}`),
    ),
    TE.map(({ executionArn, startDate }) => ({ ExecutionArn: executionArn, StartDate: startDate.toISOString(), ...responseMetadata(undefined) })),
  );
};

/** The optimized integrations the state machine uses, by Resource (request-response pattern only). */
const serviceHandlers: Readonly<Record<string, ServiceHandler>> = {
  'arn:aws:states:::lambda:invoke': lambdaInvoke,
  'arn:aws:states:::dynamodb:putItem': dynamodb('PutItem'),
  'arn:aws:states:::dynamodb:getItem': dynamodb('GetItem'),
  'arn:aws:states:::dynamodb:updateItem': dynamodb('UpdateItem'),
  'arn:aws:states:::sqs:sendMessage': sqsSendMessage,
  'arn:aws:states:::sns:publish': snsPublish,
  'arn:aws:states:::aws-sdk:s3:getObject': s3GetObject,
  'arn:aws:states:::states:startExecution': statesStartExecution,
};

const LEGACY_LAMBDA_ARN = /^arn:aws[\w-]*:lambda:[^:]+:\d+:function:[^:]+(:[^:]+)?$/;

/** The handler for a Resource, or undefined when the local runner cannot run it (refused before any run). */
export const handlerFor = (resource: string): ServiceHandler | undefined =>
  serviceHandlers[resource] ??
  (LEGACY_LAMBDA_ARN.test(resource)
    ? (parameters, context) =>
        pipe(
          invokeFunction(context.functions, resource, parameters, context.onFunctionRun),
          TE.map(({ payload }) => payload),
        )
    : undefined);

/** Runs one Task call; results over 256 KiB fail as on AWS. */
export const runService = (handler: ServiceHandler, parameters: unknown, context: ServiceContext, resource: string): TE.TaskEither<StatesError, Json> =>
  pipe(
    TE.tryCatch(
      () => handler(parameters, context, resource)(),
      (caught) => (caught instanceof StatesError ? caught : new StatesError('States.TaskFailed', String(caught))),
    ),
    TE.flatMap(TE.fromEither),
    TE.flatMap((result) => {
      const tooLarge = payloadTooLarge('state result', result);
      return tooLarge ? TE.left(tooLarge) : TE.right(result);
    }),
  );

/** S3 reads and writes of the distributed Map (ItemReader, ResultWriter): the body as a stream of bytes. */
export const getObjectStream = (s3: S3Client, bucket: string, key: string, versionId?: string): TE.TaskEither<StatesError, AsyncIterable<Uint8Array>> =>
  pipe(
    call('S3', () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }))),
    TE.flatMap((output) =>
      isByteStream(output.Body)
        ? TE.right(output.Body)
        : TE.left(serviceError('S3', new Error('GetObject returned no readable body'))),
    ),
  );

export const putObjectText = (s3: S3Client, bucket: string, key: string, body: string): TE.TaskEither<StatesError, number> =>
  pipe(
    call('S3', () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }))),
    TE.map(() => Buffer.byteLength(body, 'utf8')),
  );
