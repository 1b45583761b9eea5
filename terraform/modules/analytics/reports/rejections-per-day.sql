-- Rejected orders per rejection day and failing field (one order can fail on several fields), with one message.
-- Parameters: from, to (rejection dates, inclusive).
SELECT
  rejected_date,
  reason_path,
  count(DISTINCT rejection_id) AS rejected_orders,
  min(reason_message) AS example_message
FROM rejections
WHERE rejected_date BETWEEN ? AND ?
GROUP BY rejected_date, reason_path
ORDER BY rejected_date, rejected_orders DESC, reason_path
