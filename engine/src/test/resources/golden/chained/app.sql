CREATE STREAM fahrenheit AS
SELECT id, celsius * 9 / 5 + 32 AS f FROM raw
WITH ('raw.type' = 'file_source', 'raw.path' = 'raw.csv',
      'fahrenheit.type' = 'file_sink', 'fahrenheit.path' = 'out/fahrenheit.jsonl', 'fahrenheit.format' = 'jsonl');

-- Reads what the statement above wrote: no WITH needed for it.
CREATE STREAM hot AS
SELECT id, f FROM fahrenheit WHERE f > 90
WITH ('hot.type' = 'file_sink', 'hot.path' = 'out/hot.csv');
