export * from './duckdb-engine';
export * from './query-engine';
export * from './run-report';
export * from './athena-engine';
export * from './local-state';
export * from './order-figures';
export * from './choose-engine';
export * from './compact-zone';
export * from './zone-days';
// local-state is also its own entry point (@sales-pipeline/analytics-engines/local-state): `npm start` needs the path
// without loading DuckDB.
