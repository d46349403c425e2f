-- Filters, projections, alias reuse, CASE, CAST, LIKE, IN, BETWEEN, functions, NULLs.
CREATE STREAM enriched AS
SELECT id,
       UPPER(customer) AS name,
       LOWER(region) AS region,
       amount,
       amount * qty AS total,
       total / 3 AS third,
       CASE WHEN amount >= 1000 THEN 'vip' WHEN amount >= 100 THEN 'gold' ELSE 'regular' END AS tier,
       CAST(amount AS INTEGER) AS whole,
       CAST(id AS STRING) || '-' || SUBSTRING(customer, 1, 3) AS code,
       qty / 0 AS div_zero,
       COALESCE(status, 'none') AS status,
       EXTRACT(DAY FROM CAST(created AS TIMESTAMP)) AS day,
       customer LIKE '%a%' AS has_a,
       region IN ('EU', 'eu') AS europe,
       amount BETWEEN 50 AND 150 AS mid
FROM orders
WHERE status <> 'cancelled' AND (amount IS NULL OR amount > 50)
WITH (
  'orders.type' = 'file_source', 'orders.path' = 'orders.csv',
  'enriched.type' = 'file_sink', 'enriched.path' = 'out/enriched.csv'
);
