-- Orders ingested on a later day (UTC) than their sale day: per sale day and ingestion day, with how many files.
-- Parameters: from, to (sale dates, inclusive).
SELECT
  sale_date,
  substr(ingested_at, 1, 10) AS ingested_date,
  count(*) AS orders,
  count(DISTINCT source_key) AS files
FROM orders
WHERE sale_date BETWEEN ? AND ?
  AND substr(ingested_at, 1, 10) > sale_date
GROUP BY sale_date, substr(ingested_at, 1, 10)
ORDER BY sale_date, ingested_date
