-- SQL Application: bench_s1
-- S1 pass-through, file -> file. Input: ../target/seed-2m.jsonl (run-file-benchmarks.sh makes it).

-- @name: s1_pass_through
CREATE STREAM s1_out AS
SELECT * FROM test_stream
WITH (
  'test_stream.type' = 'file_source',
  'test_stream.path' = '../target/seed-2m.jsonl',
  's1_out.type' = 'file_sink',
  's1_out.path' = '../target/out/s1.jsonl',
  's1_out.format' = 'jsonl',
  'batch.size' = '1000'
);
