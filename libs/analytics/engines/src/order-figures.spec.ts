import { rm } from 'node:fs/promises';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { reconcile } from '@sales-pipeline/analytics-zone';
import { startEmulators, type Emulators } from '@sales-pipeline/local-emulators';
import * as E from 'fp-ts/Either';
import { knownZone } from './testing';
import { type DuckDbEngine, openDuckDbEngine } from './duckdb-engine';
import { tableFigures, zoneFigures } from './order-figures';

/** The reconciliation's two sides: the known zone on DuckDB, and an orders table on the DynamoDB emulator. */
describe('zone and table figures', () => {
  let emulators: Emulators;
  let client: DynamoDBClient;
  let zone: string;
  let engine: DuckDbEngine;

  const stored = (orderId: string, createdAt: string, price: number, quantity: number) => ({
    order_id: orderId,
    created_at: createdAt,
    product: 'Lamp',
    price,
    quantity,
    status: 'pending',
    'contact-info': { email: 'buyer@example.com' },
  });

  beforeAll(async () => {
    emulators = await startEmulators({ region: 'eu-central-1' });
    client = new DynamoDBClient(emulators.clientConfig('dynamodb'));
    await client.send(
      new CreateTableCommand({
        TableName: 'orders',
        KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'order_id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: 'orders' });
    const documents = DynamoDBDocumentClient.from(client);
    // The known zone's orders a-f, but e is not stored and g is stored without a zone row; a's day comes from its offset.
    for (const item of [
      stored('a', '2024-05-01T11:15:00+02:00', 100, 2),
      stored('b', '2024-05-01T10:00:00Z', 455, 1),
      stored('c', '2024-05-01T10:59:59Z', 50.25, 1),
      stored('d', '2024-05-02T00:00:00Z', 450, 3),
      stored('f', '2024-06-01T12:00:00Z', 10, 4),
      stored('g', '2024-06-01T13:00:00Z', 7.5, 2),
    ])
      await documents.send(new PutCommand({ TableName: 'orders', Item: item }));
    zone = await knownZone();
    const opened = await openDuckDbEngine(zone)();
    if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
    engine = opened.right;
  }, 60_000);

  afterAll(async () => {
    engine.close();
    client.destroy();
    await emulators.stop();
    await rm(zone, { recursive: true, force: true });
  });

  it('finds the one order the zone lacks and the one the table lacks, per day and by id', async () => {
    const range = { from: '2024-01-01', to: '2024-12-31' };
    const [zoneSide, tableSide] = await Promise.all([zoneFigures(engine, range)(), tableFigures(client, 'orders', range)()]);
    if (E.isLeft(zoneSide) || E.isLeft(tableSide)) throw new Error('a side failed');
    const result = reconcile(zoneSide.right, tableSide.right);
    expect(result).toEqual(
      expect.objectContaining({
        missingInZone: ['g'],
        missingInTable: ['e'],
        duplicatedInZone: [],
        matches: false,
      }),
    );
    expect(result.days).toEqual([
      { saleDate: '2024-05-01', zoneOrders: 3, tableOrders: 3, zoneRevenue: 705.25, tableRevenue: 705.25 },
      { saleDate: '2024-05-02', zoneOrders: 2, tableOrders: 1, zoneRevenue: 1849.99, tableRevenue: 1350 },
      { saleDate: '2024-06-01', zoneOrders: 1, tableOrders: 2, zoneRevenue: 40, tableRevenue: 55 },
    ]);
  });

  it('keeps to the range on both sides', async () => {
    const range = { from: '2024-06-01', to: '2024-06-01' };
    const tableSide = await tableFigures(client, 'orders', range)();
    expect(E.isRight(tableSide) ? tableSide.right.map((figure) => figure.orderId).sort() : tableSide).toEqual(['f', 'g']);
    const zoneSide = await zoneFigures(engine, range)();
    expect(E.isRight(zoneSide) ? zoneSide.right.map((figure) => figure.orderId) : zoneSide).toEqual(['f']);
  });
});
