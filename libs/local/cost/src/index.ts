export * from './prices';
export * from './billing-units';
export * from './usage';
export * from './bill';
export * from './latency';
export * from './meter-run';
