CREATE STREAM totals AS SELECT COUNT(*) AS n, SUM(doubled) AS total FROM big_orders EMIT FINAL;
