-- SQL Application: bench_s2
-- S2 GROUP BY with five aggregates, EMIT FINAL (one row per category at the end of the file).

-- @name: s2_group_by_final
CREATE STREAM s2_out AS
SELECT category, COUNT(*) as cnt, SUM(amount) as total, AVG(amount) as avg_amt,
       MIN(amount) as min_amt, MAX(amount) as max_amt
FROM test_stream
GROUP BY category
EMIT FINAL
WITH (
  'test_stream.type' = 'file_source',
  'test_stream.path' = '../target/seed-2m.jsonl',
  's2_out.type' = 'file_sink',
  's2_out.path' = '../target/out/s2.jsonl',
  's2_out.format' = 'jsonl',
  'batch.size' = '1000'
);
