import * as t from 'io-ts';

/** Billed operations, counted: what a bill is computed from. */
export const Usage = t.type({
  standardTransitions: t.number,
  expressRequests: t.number,
  expressGbSeconds: t.number,
  lambdaRequests: t.number,
  lambdaGbSeconds: t.number,
  dynamodbWriteUnits: t.number,
  dynamodbReadUnits: t.number,
  /** 64 KB chunks sent. */
  sqsRequests: t.number,
  /** 64 KB chunks published. */
  snsPublishes: t.number,
  /** Alerts published to the e-mail topic: each is one delivery per subscribed address. */
  alertPublishes: t.number,
  s3Puts: t.number,
  s3Gets: t.number,
  logBytes: t.number,
  xrayTraces: t.number,
});
export type Usage = t.TypeOf<typeof Usage>;

export const noUsage = Object.fromEntries(Object.keys(Usage.props).map((key) => [key, 0])) as Usage;

export const addUsage = (a: Usage, b: Partial<Usage>): Usage => {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + (value ?? 0);
  return sum as Usage;
};
