-- Line 3 has a field too many: it is skipped, counted and logged (LogAndContinue);
-- s3's value is a string, so the CAST fails for that record only.
SELECT sensor, CAST(value AS DECIMAL(10, 2)) AS value FROM readings
INTO clean
WITH ('readings.type' = 'file_source', 'readings.path' = 'readings.csv',
      'clean.type' = 'file_sink', 'clean.path' = 'out/clean.csv');
