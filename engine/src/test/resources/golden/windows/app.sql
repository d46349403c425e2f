-- Tumbling 10 s windows on event time (ts, epoch millis), EMIT FINAL by default: a window's rows
-- come out when the watermark (the latest event time, no out-of-orderness allowed) reaches its end.
-- The AAPL record at 5000 arrives after [0, 10000) closed: late, dropped and counted.
-- @name: tumbling
SELECT symbol, COUNT(*) AS n, SUM(price * qty) AS notional,
       TUMBLE_START(ts) AS window_start, _window_end AS window_end
FROM trades GROUP BY symbol WINDOW TUMBLING(10s)
INTO tumbling WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'event.time.field' = 'ts',
                    'tumbling.type' = 'file_sink', 'tumbling.path' = 'out/tumbling.csv');

-- The same with 10 s of out-of-orderness allowed: the 5000 record is counted in [0, 10000).
-- @name: out_of_order
SELECT symbol, COUNT(*) AS n, _window_start AS window_start
FROM trades GROUP BY symbol WINDOW TUMBLING(10s)
INTO out_of_order WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'event.time.field' = 'ts',
                        'watermark.max_out_of_orderness' = '10s',
                        'out_of_order.type' = 'file_sink', 'out_of_order.path' = 'out/out_of_order.csv');

-- update_previous: the late record re-opens its closed window and the corrected row is emitted again.
-- @name: corrected
SELECT symbol, COUNT(*) AS n, _window_start AS window_start
FROM trades GROUP BY symbol WINDOW TUMBLING(10s)
INTO corrected WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'event.time.field' = 'ts',
                     'late.data.strategy' = 'update_previous',
                     'corrected.type' = 'file_sink', 'corrected.path' = 'out/corrected.csv');

-- include_in_next: the late record is counted in the window that is open now ([10000, 20000)).
-- @name: next
SELECT symbol, COUNT(*) AS n, _window_start AS window_start
FROM trades GROUP BY symbol WINDOW TUMBLING(10s)
INTO next WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'event.time.field' = 'ts',
                'late.data.strategy' = 'include_in_next',
                'next.type' = 'file_sink', 'next.path' = 'out/next.csv');

-- Hopping windows of 10 s every 5 s, EMIT CHANGES: the updated row of each of the record's windows per input.
-- @name: sliding
SELECT symbol, COUNT(*) AS n, _window_start AS window_start
FROM trades WHERE symbol = 'AAPL' GROUP BY symbol WINDOW SLIDING(10s, 5s) EMIT CHANGES
INTO sliding WITH ('trades.type' = 'file_source', 'trades.path' = 'trades.csv', 'event.time.field' = 'ts',
                   'sliding.type' = 'file_sink', 'sliding.path' = 'out/sliding.csv');

-- Sessions per user with a 30 s gap on an ISO-8601 event-time field; the record at 00:00:40 bridges
-- u1's sessions [00:00, 00:00:50) and [00:01:00, ...) so they merge.
-- @name: sessions
SELECT user, COUNT(*) AS n, SUM(v) AS total, _window_start AS session_start, _window_end AS session_end
FROM events GROUP BY user WINDOW SESSION(30s)
INTO sessions WITH ('events.type' = 'file_source', 'events.path' = 'events.jsonl',
                    'event.time.field' = 'at', 'event.time.format' = 'iso8601',
                    'watermark.max_out_of_orderness' = '1m',
                    'sessions.type' = 'file_sink', 'sessions.path' = 'out/sessions.csv');
