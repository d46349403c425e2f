INSERT INTO notional
SELECT symbol, price * qty AS notional FROM trades
WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv',
      'notional.type' = 'file_sink', 'notional.path' = 'out/notional.jsonl', 'notional.format' = 'jsonl');

SELECT symbol FROM trades WHERE symbol LIKE 'A%' INTO apple
WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv',
      'apple.type' = 'file_sink', 'apple.path' = 'out/apple.csv');
