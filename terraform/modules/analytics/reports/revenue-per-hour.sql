-- Orders and revenue (price x quantity, USD) per hour (UTC) of one sale day.
-- Parameters: day.
SELECT
  sale_hour,
  count(*) AS orders,
  round(sum(price * quantity), 2) AS revenue
FROM orders
WHERE sale_date = ?
GROUP BY sale_hour
ORDER BY sale_hour
