-- GROUP BY _key jobs (tasks, one per partition) whose state is queried (StarterStateQueryIntegrationTest)
CREATE STREAM iq_totals AS
SELECT _key AS customer, COUNT(*) AS orders, SUM(amount) AS spent FROM iq_orders GROUP BY _key EMIT CHANGES;

CREATE STREAM iq_sizes AS
SELECT _key AS customer, CAST(amount AS INTEGER) AS amount, COUNT(*) AS n FROM iq_orders
GROUP BY _key, CAST(amount AS INTEGER) EMIT CHANGES;

-- Commits only when stopped (commit interval 1 h): its reads show nothing before
CREATE STREAM iq_slow AS
SELECT _key AS customer, COUNT(*) AS orders FROM iq_slow_orders GROUP BY _key EMIT CHANGES;
