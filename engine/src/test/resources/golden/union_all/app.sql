SELECT id, amount, 'eu' AS market FROM eu
UNION ALL
SELECT id, amount, 'us' AS market FROM us WHERE amount > 5
INTO merged
WITH ('eu.type' = 'file_source', 'eu.path' = 'eu.csv',
      'us.type' = 'file_source', 'us.path' = 'us.jsonl',
      'merged.type' = 'file_sink', 'merged.path' = 'out/merged.csv');
