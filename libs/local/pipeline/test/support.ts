import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { smallFileMaxBytes as smallFileMaxBytesOf, startLocalPipeline, type ExecutionRecord, type LocalPipeline } from '../src';

/**
 * The end-to-end specs' shared harness: one local pipeline per spec file (the real emulators, the packaged zips, the
 * Terraform templates rendered for workspace local), with readers for the table and the queues.
 */
export const repoRoot = join(__dirname, '..', '..', '..', '..');
export const examples = join(repoRoot, 'libs', 'orders', 'domain', 'examples');

export interface Order {
  readonly order_id: string;
  readonly created_at: string;
  readonly product: string;
  readonly quantity: number;
  readonly price: number;
  readonly status: string;
  readonly 'contact-info'?: { readonly email?: string; readonly phone?: string };
}

export const order = (id: string, price: number, extra: Partial<Order> = {}): Order => ({
  order_id: id,
  created_at: '2026-11-20T10:00:00Z',
  product: `Widget ${id}`,
  quantity: 1,
  price,
  status: 'pending',
  'contact-info': { email: 'buyer@example.com' },
  ...extra,
});

export type Message = Record<string, unknown> & { source?: { key?: string } };

/** Calls whose parameters mention `text` (an order id, a key): the `when` of a fault rule. */
export const onlyFor = (text: string) => (parameters: unknown) => JSON.stringify(parameters).includes(text);

export interface Harness {
  readonly pipeline: () => LocalPipeline;
  /** Every progress line printed so far. */
  readonly progressLines: () => readonly string[];
  /** Uploads the file, waits for everything it started, returns the executions it started. */
  readonly run: (key: string, body: string | readonly unknown[]) => Promise<ExecutionRecord[]>;
  /** Uploads several files at once (one execution each), waits, returns their executions. */
  readonly runAtOnce: (files: readonly (readonly [string, readonly unknown[]])[]) => Promise<ExecutionRecord[]>;
  /** Replays the Object Created event of the key's latest upload. */
  readonly replay: (key: string) => Promise<ExecutionRecord[]>;
  readonly storedItem: (orderId: string) => Promise<Record<string, unknown> | undefined>;
  readonly storedItemsWith: (orderId: string) => Promise<readonly Record<string, unknown>[]>;
  /** Moves an item's alert claim into the past, as if its lease had run out (the lease is minutes long). */
  readonly expireAlertClaim: (orderId: string) => Promise<void>;
  readonly rejectedMessagesFor: (key: string) => Promise<Message[]>;
  readonly deadLettersFor: (key: string) => Promise<Message[]>;
  readonly alertEmailsAbout: (product: string) => Promise<Message[]>;
}

/**
 * Which entry the harness's files take: `standard` pads every upload with trailing whitespace (still the same JSON, or
 * the same non-JSON) to just over the small-file threshold, so the Standard machine runs it; `small` uploads as given.
 */
export type Entry = 'standard' | 'small';

/** The object-created rules' size threshold (small_file_max_bytes), as the Terraform renders it. */
export const smallFileMaxBytes = (pipeline: LocalPipeline): number => {
  const value = smallFileMaxBytesOf(pipeline.deployment);
  if (value === undefined) throw new Error("the small-file rule's pattern is given no numeric small_file_max_bytes");
  return value;
};

/** The text padded with trailing whitespace to just over the small-file threshold: the Standard machine's file. */
export const overThreshold = (pipeline: LocalPipeline, text: string): string => {
  const short = smallFileMaxBytes(pipeline) + 1 - Buffer.byteLength(text, 'utf8');
  return short > 0 ? `${text}${' '.repeat(short)}` : text;
};

export const startHarness = (entry: Entry = 'standard'): Harness => {
  let pipeline: LocalPipeline | undefined;
  let dynamodb: DynamoDBClient | undefined;
  const lines: string[] = [];
  const started = () => {
    if (!pipeline) throw new Error('the pipeline has not started');
    return pipeline;
  };
  const db = () => {
    if (!dynamodb) throw new Error('the pipeline has not started');
    return dynamodb;
  };

  beforeAll(async () => {
    pipeline = await startLocalPipeline({ repoRoot, onFunctionLog: () => undefined, onProgress: (line) => lines.push(line) });
    dynamodb = new DynamoDBClient(pipeline.emulators.clientConfig('dynamodb'));
  });
  afterAll(async () => {
    dynamodb?.destroy();
    await pipeline?.stop();
  });
  afterEach(() => {
    pipeline?.runner.clearFaults();
    pipeline?.smallFileRunner.clearFaults();
  });

  const since = async (action: () => Promise<unknown>): Promise<ExecutionRecord[]> => {
    const before = started().executions().length;
    await action();
    await started().settled();
    return started().executions().slice(before);
  };
  const asBody = (body: string | readonly unknown[]) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return entry === 'standard' ? overThreshold(started(), text) : text;
  };
  const ruleOfEntry = () => (entry === 'standard' ? started().rule : started().smallFileRule);
  const messages = async (queueUrl: string): Promise<Message[]> => (await started().peekQueue(queueUrl)).map((m) => JSON.parse(m.body) as Message);
  const table = () => started().deployment.table.name;

  return {
    pipeline: started,
    progressLines: () => [...lines],
    run: (key, body) => since(() => started().upload(key, asBody(body))),
    runAtOnce: (files) => since(() => Promise.all(files.map(([key, orders]) => started().upload(key, asBody(orders))))),
    replay: (key) =>
      since(async () => {
        const event = [...ruleOfEntry().events()].reverse().find((d) => d.event.detail.object.key === key)?.event;
        if (!event) throw new Error(`no Object Created event for ${key}`);
        await ruleOfEntry().replay(event);
      }),
    storedItem: async (orderId) => {
      const { Item } = await db().send(new GetItemCommand({ TableName: table(), Key: { order_id: { S: orderId } }, ConsistentRead: true }));
      return Item ? unmarshall(Item) : undefined;
    },
    storedItemsWith: async (orderId) => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, never> | undefined;
      do {
        const page = await db().send(new ScanCommand({ TableName: table(), ExclusiveStartKey, ConsistentRead: true }));
        items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
        ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
      } while (ExclusiveStartKey);
      return items.filter((item) => item['order_id'] === orderId);
    },
    expireAlertClaim: async (orderId) => {
      await db().send(
        new UpdateItemCommand({
          TableName: table(),
          Key: { order_id: { S: orderId } },
          UpdateExpression: 'SET alert_claimed_until = :past',
          ConditionExpression: 'attribute_exists(alert_claimed_until)',
          ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 1) } },
        }),
      );
    },
    rejectedMessagesFor: async (key) => (await messages(started().deployment.queues.rejectedOrders.url)).filter((m) => m.source?.key === key),
    deadLettersFor: async (key) =>
      (await messages(started().deployment.queues.deadLetter.url)).filter((m) => m.source?.key === key || JSON.stringify(m).includes(JSON.stringify(key).slice(1, -1))),
    alertEmailsAbout: async (product) => (await messages(started().deployment.queues.alertInbox.url)).filter((m) => String(m['Message']).includes(`${product} for`)),
  };
};
