-- Average order value (price x quantity, USD) and unit-price percentiles over the range (approximate on both engines).
-- Parameters: from, to (sale dates, inclusive).
SELECT
  count(*) AS orders,
  round(avg(price * quantity), 2) AS average_order_value,
  round(approx_percentile(price, 0.5), 2) AS price_p50,
  round(approx_percentile(price, 0.9), 2) AS price_p90,
  round(approx_percentile(price, 0.99), 2) AS price_p99
FROM orders
WHERE sale_date BETWEEN ? AND ?
