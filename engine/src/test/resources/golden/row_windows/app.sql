-- Row windows (analytic functions): one output row per input row, in input order.
-- @name: moving
SELECT symbol, ts, price,
       AVG(price) OVER (ROWS WINDOW BUFFER 2 ROWS PARTITION BY symbol ORDER BY ts) AS ma2,
       LAG(price, 1, 0) OVER (PARTITION BY symbol ORDER BY ts) AS prev,
       ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY ts) AS rn,
       RANK() OVER (ORDER BY qty DESC) AS qty_rank,
       SUM(qty) OVER (ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS qty2,
       MAX(price) OVER (PARTITION BY symbol) - price AS below_max
FROM trades
WHERE qty > 1
INTO moving WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv',
                  'moving.type' = 'file_sink', 'moving.path' = 'out/moving.csv');
