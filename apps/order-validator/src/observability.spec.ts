import { startFunctionFromZip, type LambdaFunction } from '@sales-pipeline/local-lambda-zip';
import { mockSales } from '@sales-pipeline/orders-domain';
import { join } from 'node:path';

// The packaged zip, as Lambda runs it: its log lines and EMF metrics as CloudWatch Logs would receive them.
const zipPath = join(__dirname, '../../../dist/lambda/order-validator.zip');
const environment = {
  HIGH_VALUE_THRESHOLD: '400',
  LOG_LEVEL: 'INFO',
  POWERTOOLS_SERVICE_NAME: 'order-validator',
  POWERTOOLS_METRICS_NAMESPACE: 'sales-pipeline-test',
  // What the Lambda runtime sets for an on-demand environment; Powertools reports cold starts only then.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
};
const batchInput = { bucket: 'lake', key: 'incoming/observed.json', versionId: 'v7' };

describe('order-validator observability, from its zip', () => {
  let validator: LambdaFunction;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    validator = await startFunctionFromZip(zipPath, { environment, onLog: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  });
  afterAll(async () => {
    await validator.stop();
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('puts the request id, the cold start and the file (bucket/key/version) on every line, and emits EMF metrics', async () => {
    const sales = mockSales({ scheduledTime: '2024-05-01T12:00:00Z', count: 40, invalidShare: 0.25 });
    const result = await validator.invoke({ Items: sales.map((order, index) => ({ index, order })), BatchInput: batchInput });
    if (!result.ok) throw new Error(result.errorMessage);
    await settle();

    const logLine = lines.find((line) => line['message'] === 'batch validated');
    expect(logLine).toMatchObject({ function_request_id: expect.any(String), cold_start: true, correlation_id: 'lake/incoming/observed.json/v7' });
    const invalid = Number(logLine?.['invalid']);
    expect(invalid).toBeGreaterThan(0);

    const emf = lines.filter((line) => typeof line['_aws'] === 'object');
    const namespaces = emf.flatMap((line) => (line['_aws'] as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics.map((m) => m.Namespace));
    expect(new Set(namespaces)).toEqual(new Set(['sales-pipeline-test']));
    const batch = emf.find((line) => 'OrdersValidated' in line);
    expect(batch).toMatchObject({ service: 'order-validator', OrdersValidated: 40, OrdersValid: 40 - invalid, OrdersInvalid: invalid, HighValueOrders: logLine?.['highValue'] });
    expect(emf.find((line) => 'ColdStart' in line)).toMatchObject({ ColdStart: 1, service: 'order-validator' });
    const byReason = emf.filter((line) => 'OrdersInvalidByReason' in line);
    expect(byReason.length).toBeGreaterThan(0);
    expect(byReason.every((line) => typeof line['reason'] === 'string' && !String(line['reason']).includes('@'))).toBe(true);
    expect(byReason.reduce((sum, line) => sum + Number(line['OrdersInvalidByReason']), 0)).toBeGreaterThanOrEqual(invalid);
  });

  it('is warm on the second invocation, and the correlation id follows the batch', async () => {
    lines.length = 0;
    const result = await validator.invoke({ Items: [], BatchInput: { ...batchInput, key: 'incoming/next.json', versionId: null } });
    if (!result.ok) throw new Error(result.errorMessage);
    await settle();
    expect(lines.find((line) => line['message'] === 'batch validated')).toMatchObject({ cold_start: false, correlation_id: 'lake/incoming/next.json/null' });
    expect(lines.some((line) => 'ColdStart' in line)).toBe(false);
  });
});
