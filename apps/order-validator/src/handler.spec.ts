import { LambdaFunction, startFunctionFromZip } from '@sales-pipeline/local-lambda-zip';
import { mockSales, OrderFileNotArray, OrderFileNotJson, OrderFileOutput, ValidatorOutput } from '@sales-pipeline/orders-domain';
import { AlertLeaseSeconds } from '@sales-pipeline/order-validation';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What ships is what is tested: the handler is loaded from the packaged zip (the test target depends on package).
const zipPath = join(__dirname, '../../../dist/lambda/order-validator.zip');
const examples = join(__dirname, '../../../libs/orders/domain/examples');
const example = (name: string): unknown => JSON.parse(readFileSync(join(examples, name), 'utf8'));
const environment = { HIGH_VALUE_THRESHOLD: '400', LOG_LEVEL: 'INFO', POWERTOOLS_SERVICE_NAME: 'order-validator' };
const batchInput = { bucket: 'sales-pipeline-local-data-lake-000000000000-us-east-1', key: 'incoming/generated/2024/05/01/2024-05-01T12:00:00Z.json', versionId: null };

/** The function's stdout lines (its worker's output reaches this process's stdout) while `action` runs. */
const capturingLogs = async <A>(action: () => Promise<A>): Promise<{ result: A; lines: string[] }> => {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    const result = await action();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { result, lines: chunks.join('').split('\n').filter((line) => line.trim() !== '') };
  } finally {
    process.stdout.write = write;
  }
};

/** The output without what the real clock stamps: the batch's ingested_at and alert lease. */
const withoutClock = (output: unknown): unknown =>
  JSON.parse(JSON.stringify(output), (key, value) =>
    key === 'ingested_at' ? { S: '<ingested_at>' } : key === 'alertLease' ? { now: '<now>', until: '<until>' } : value,
  );

describe('order-validator, from its zip', () => {
  let validator: LambdaFunction;
  beforeAll(async () => {
    validator = await startFunctionFromZip(zipPath, { environment });
  });
  afterAll(async () => {
    await validator.stop();
  });

  it('returns the example output for the example batch (ingested_at and the alert lease from the real clock)', async () => {
    const started = Date.now();
    const result = await validator.invoke(example('validator-input.json'));
    if (!result.ok) throw new Error(`${result.errorType}: ${result.errorMessage}`);
    expect(withoutClock(result.payload)).toEqual(withoutClock(example('validator-output.json')));
    const { alertLease } = result.payload as ValidatorOutput;
    expect(Number(alertLease.now)).toBeGreaterThanOrEqual(Math.floor((started - 1000) / 1000));
    expect(Number(alertLease.until) - Number(alertLease.now)).toBe(AlertLeaseSeconds);
    const ingestedAt = (result.payload as ValidatorOutput).sourceAttributes['ingested_at'];
    if (ingestedAt === undefined || !('S' in ingestedAt)) throw new Error(`ingested_at is not a string: ${JSON.stringify(ingestedAt)}`);
    expect(Date.parse(ingestedAt.S)).toBeGreaterThanOrEqual(started - 1000);
  });

  it('judges every element of a file of valid and invalid orders without failing', async () => {
    const orders = example('orders-mixed.json') as unknown[];
    const result = await validator.invoke({ Items: orders.map((order, index) => ({ index, order })), BatchInput: batchInput });
    if (!result.ok) throw new Error(result.errorMessage);
    const { verdicts } = result.payload as ValidatorOutput;
    expect(verdicts.map((verdict) => verdict.valid)).toEqual([true, true, ...Array.from({ length: 10 }, () => false)]);
  });

  it('logs one line per batch with counts, and no order content or contact info', async () => {
    const sales = mockSales({ scheduledTime: '2024-05-01T12:00:00Z', count: 40, invalidShare: 0.2 });
    const key = 'incoming/generated/2024/05/01/log-test.json';
    const { result, lines } = await capturingLogs(() =>
      validator.invoke({ Items: sales.map((order, index) => ({ index, order })), BatchInput: { ...batchInput, key } }),
    );
    if (!result.ok) throw new Error(result.errorMessage);
    const { verdicts } = result.payload as ValidatorOutput;
    // Output of the earlier invocations may arrive late: count this batch's lines by its key.
    const logs = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((log) => log['key'] === key);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'INFO',
      message: 'batch validated',
      service: 'order-validator',
      items: 40,
      valid: verdicts.filter((verdict) => verdict.valid).length,
      invalid: verdicts.filter((verdict) => !verdict.valid).length,
      highValue: verdicts.filter((verdict) => verdict.valid && verdict.highValue).length,
    });
    for (const sale of sales) {
      const contact = sale['contact-info'];
      for (const value of [contact?.email, contact?.phone, sale.order_id])
        if (value !== undefined) expect(lines.join('\n')).not.toContain(value);
    }
  });

  const limits = { MaxItemsPerBatch: 64, MaxItemsAtOnce: 40, MaxInputBytesPerBatch: 49_152, MaxBatches: 20, MaxBatchesBytes: 163_840 };

  it("reads a small order file's body into the batches the same function then validates", async () => {
    const orders = example('orders-mixed.json') as unknown[];
    const read = await validator.invoke({ OrderFileBody: JSON.stringify(orders), BatchInput: batchInput, ...limits, MaxItemsPerBatch: 5 });
    if (!read.ok) throw new Error(read.errorMessage);
    const { batches, rejection, handOver } = read.payload as OrderFileOutput;
    expect([rejection, handOver]).toEqual([null, false]);
    expect(batches.flatMap((batch) => batch.Items)).toEqual(orders.map((order, index) => ({ index, order })));
    expect(batches.map((batch) => batch.Items.length)).toEqual([5, 5, 2]);
    const validated = await validator.invoke(batches[0]);
    if (!validated.ok) throw new Error(validated.errorMessage);
    expect((validated.payload as ValidatorOutput).verdicts).toHaveLength(5);
  });

  it.each([
    ['not JSON', '{"contact-info": {"email": "someone@example.com"', OrderFileNotJson],
    ['JSON but not an array', '{"orders": []}', OrderFileNotArray],
  ])('rejects a small order file that is %s without failing, quoting nothing of it', async (_, body, reason) => {
    const { result, lines } = await capturingLogs(() => validator.invoke({ OrderFileBody: body, BatchInput: batchInput, ...limits }));
    expect(result).toEqual({ ok: true, payload: { batches: [], rejection: { reason }, handOver: false }, durationMs: expect.any(Number) });
    expect(lines.join('\n')).not.toContain('someone@example.com');
  });

  it('fails a malformed batch envelope with an error Step Functions can catch by name', async () => {
    const result = await validator.invoke({ Items: [{ order: {} }] });
    expect(result).toEqual({
      ok: false,
      errorType: 'InvalidValidatorInput',
      errorMessage:
        'invalid validator input (expected { Items: [{ index, order }], BatchInput: { bucket, key, versionId } }): Items.0.index: missing; BatchInput: missing',
      durationMs: expect.any(Number),
    });
  });

  it('fails at cold start, naming the variable, when misconfigured', async () => {
    await expect(
      startFunctionFromZip(zipPath, { environment: { ...environment, HIGH_VALUE_THRESHOLD: '-1' } }),
    ).rejects.toThrow('invalid environment: HIGH_VALUE_THRESHOLD: must be a number greater than 0 (got "-1")');
  });
});
