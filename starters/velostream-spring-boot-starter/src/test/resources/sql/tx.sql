-- A GROUP BY between topics, in the service's mode (transactional in StarterTransactionalIntegrationTest)
CREATE STREAM totals AS
SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM payments GROUP BY customer EMIT CHANGES;
