-- SQL Application: bench_s3
-- S3 = S2 in 1-minute tumbling windows on event time ts, EMIT FINAL (a row per category per window).

-- @name: s3_tumbling_final
CREATE STREAM s3_out AS
SELECT category, COUNT(*) as cnt, SUM(amount) as total, AVG(amount) as avg_amt,
       MIN(amount) as min_amt, MAX(amount) as max_amt
FROM test_stream
GROUP BY category
WINDOW TUMBLING(1m)
EMIT FINAL
WITH (
  'test_stream.type' = 'file_source',
  'test_stream.path' = '../target/seed-2m.jsonl',
  'event.time.field' = 'ts',
  's3_out.type' = 'file_sink',
  's3_out.path' = '../target/out/s3.jsonl',
  's3_out.format' = 'jsonl',
  'batch.size' = '1000'
);
