-- High-value sales per sale day: how many, their share of the day's orders, their revenue, how many were alerted.
-- Parameters: from, to (sale dates, inclusive).
SELECT
  sale_date,
  count(*) AS orders,
  count_if(high_value) AS high_value_orders,
  round(CAST(count_if(high_value) AS DOUBLE) / count(*), 4) AS high_value_share,
  round(coalesce(sum(CASE WHEN high_value THEN price * quantity END), 0), 2) AS high_value_revenue,
  count_if(high_value AND alerted) AS alerted
FROM orders
WHERE sale_date BETWEEN ? AND ?
GROUP BY sale_date
ORDER BY sale_date
