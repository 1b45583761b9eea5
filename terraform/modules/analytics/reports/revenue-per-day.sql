-- Orders, units and revenue (price x quantity, USD) per sale day.
-- Parameters: from, to (sale dates, inclusive), product twice ('' for every product).
SELECT
  sale_date,
  count(*) AS orders,
  sum(quantity) AS units,
  round(sum(price * quantity), 2) AS revenue
FROM orders
WHERE sale_date BETWEEN ? AND ?
  AND (? = '' OR product = ?)
GROUP BY sale_date
ORDER BY sale_date
