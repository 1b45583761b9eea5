-- Average order value (price x quantity, USD) and unit-price percentiles over the range (approximate on both engines;
-- one approx_percentile over the three ranks reads the prices once).
-- Parameters: from, to (sale dates, inclusive).
SELECT
  orders,
  average_order_value,
  round(price_percentiles[1], 2) AS price_p50,
  round(price_percentiles[2], 2) AS price_p90,
  round(price_percentiles[3], 2) AS price_p99
FROM (
  SELECT
    count(*) AS orders,
    round(avg(price * quantity), 2) AS average_order_value,
    approx_percentile(price, ARRAY[0.5, 0.9, 0.99]) AS price_percentiles
  FROM orders
  WHERE sale_date BETWEEN ? AND ?
)
