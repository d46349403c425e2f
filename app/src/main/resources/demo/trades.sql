-- SQL Application: demo
-- Description: the embedded default: trades from a generator; large trades, and 1-minute OHLC bars per symbol.
-- Names with no type are Kafka topics of that name.

-- @name: large_trades
-- @metric: velo_large_trades_total
-- @metric_help: Large trades by symbol
-- @metric_labels: symbol
-- @metric: velo_large_trade_notional
-- @metric_type: histogram
-- @metric_help: Notional of large trades
-- @metric_field: notional
-- @metric_buckets: 100000, 250000, 500000, 1000000
CREATE STREAM large_trades AS
SELECT symbol, price, quantity, price * quantity AS notional, event_time
FROM trades
WHERE price * quantity > 100000;

-- @name: ohlc_1m
CREATE STREAM ohlc_1m AS
SELECT symbol, _window_start AS window_start,
       FIRST_VALUE(price) AS open, MAX(price) AS high, MIN(price) AS low, LAST_VALUE(price) AS close,
       SUM(quantity) AS volume, COUNT(*) AS trades
FROM trades
GROUP BY symbol WINDOW TUMBLING(1m)
WITH ('event.time.field' = 'event_time', 'watermark.max_out_of_orderness' = '5s');

-- Logs the demo's results: a bare SELECT writes to stdout.
-- @name: show_large_trades
SELECT symbol, price, quantity, notional FROM large_trades;

-- @name: show_ohlc_1m
SELECT * FROM ohlc_1m;
