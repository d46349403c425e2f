-- EMIT CHANGES (the default without WINDOW): one updated row per input, in input order.
-- A NULL region is a group of its own; SUM keeps DECIMAL exact.
-- @name: running
SELECT region, COUNT(*) AS n, SUM(amount) AS total, MAX(qty) AS max_qty FROM sales GROUP BY region
INTO running WITH ('sales.type' = 'file_source', 'sales.path' = 'sales.csv',
                   'running.type' = 'file_sink', 'running.path' = 'out/running.csv');

-- EMIT FINAL without WINDOW: every group once, at the end of the file. HAVING uses an alias and
-- an aggregate that is not selected; GROUP BY two columns.
-- @name: final
SELECT region, product, SUM(qty) AS units, AVG(amount) AS avg_amount
FROM sales
WHERE region IS NOT NULL
GROUP BY region, product
HAVING units > 2 AND COUNT(amount) >= 1
ORDER BY units DESC
EMIT FINAL
INTO final WITH ('sales.type' = 'file_source', 'sales.path' = 'sales.csv',
                 'final.type' = 'file_sink', 'final.path' = 'out/final.csv');

-- Without GROUP BY: one group; DISTINCT inside aggregates, statistics and percentiles.
-- @name: overall
SELECT COUNT(*) AS rows_, COUNT(amount) AS amounts, COUNT(DISTINCT product) AS products,
       SUM(DISTINCT qty) AS distinct_qty, MIN(amount) AS lo, MAX(amount) AS hi, DELTA(qty) AS qty_range,
       STDDEV_POP(qty) AS sd, PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY qty) AS median_qty,
       STRING_AGG(product, '|') AS products_seen, FIRST_VALUE(region) AS first_region, LAST_VALUE(region) AS last_region
FROM sales
EMIT FINAL
INTO overall WITH ('sales.type' = 'file_source', 'sales.path' = 'sales.csv',
                   'overall.type' = 'file_sink', 'overall.path' = 'out/overall.jsonl');

-- GROUP BY an expression and by an alias.
-- @name: by_size
SELECT CASE WHEN qty >= 3 THEN 'bulk' ELSE 'single' END AS size, UPPER(product) AS p, COUNT(*) AS n
FROM sales
GROUP BY size, UPPER(product)
EMIT FINAL
INTO by_size WITH ('sales.type' = 'file_source', 'sales.path' = 'sales.csv',
                   'by_size.type' = 'file_sink', 'by_size.path' = 'out/by_size.csv');
