-- Orders ingested on a later day (UTC) than their sale day: per sale day and ingestion day, with how many files.
-- ingested_at is ISO-8601 UTC, so it is later than its sale day exactly when it sorts after 'YYYY-MM-DDT24' (no hour
-- is 24): a plain text comparison keeps the day arithmetic for the few late rows.
-- Parameters: from, to (sale dates, inclusive).
SELECT
  sale_date,
  substr(ingested_at, 1, 10) AS ingested_date,
  count(*) AS orders,
  count(DISTINCT source_key) AS files
FROM orders
WHERE sale_date BETWEEN ? AND ?
  AND ingested_at > sale_date || 'T24'
GROUP BY sale_date, substr(ingested_at, 1, 10)
ORDER BY sale_date, ingested_date
