-- A GROUP BY _key (it runs as tasks) on two threads per instance (StarterThreadsIntegrationTest)
CREATE STREAM th_totals AS
SELECT _key AS k, COUNT(*) AS n FROM th_orders GROUP BY _key EMIT CHANGES;
