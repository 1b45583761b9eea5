-- Rejected orders per rejection day and failing field (one order can fail on several fields), with one message.
-- A rejection re-sent by a replay or a re-upload of its file has the same deterministic rejection_id (it hashes the
-- file's bucket, key, index and the order, not the version) but lands under another object, possibly on a later day:
-- each (rejection_id, reason_path) counts once, on its first rejection day within the range. Grouping inside the range
-- keeps the partition filter, so a one-day report still scans only that day's objects.
-- Parameters: from, to (rejection dates, inclusive).
WITH first_rejections AS (
  SELECT
    rejection_id,
    reason_path,
    min(rejected_date) AS rejected_date,
    min(reason_message) AS reason_message
  FROM rejections
  WHERE rejected_date BETWEEN ? AND ?
  GROUP BY rejection_id, reason_path
)
SELECT
  rejected_date,
  reason_path,
  count(*) AS rejected_orders,
  min(reason_message) AS example_message
FROM first_rejections
GROUP BY rejected_date, reason_path
ORDER BY rejected_date, rejected_orders DESC, reason_path
