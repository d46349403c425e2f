-- A GROUP BY on a value column over a topic of four partitions: a repartition and an aggregation (docs/scaling.md#repartition)
CREATE STREAM totals4 AS
SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM payments4 GROUP BY customer EMIT CHANGES;
