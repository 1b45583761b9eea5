-- The 10 products with the most revenue (price x quantity, USD) over the range.
-- Parameters: from, to (sale dates, inclusive).
SELECT
  product,
  count(*) AS orders,
  sum(quantity) AS units,
  round(sum(price * quantity), 2) AS revenue
FROM orders
WHERE sale_date BETWEEN ? AND ?
GROUP BY product
ORDER BY revenue DESC, product
LIMIT 10
