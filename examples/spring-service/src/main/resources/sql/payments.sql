-- SQL Application: payments
-- Names with no type are Kafka topics of that name (docs/sql.md#sources-and-sinks-with).

-- Large payments, card numbers masked by the service's MASK_CARD function, for downstream services.
-- @name: large_payments
CREATE STREAM large_payments AS
SELECT id, account, MASK_CARD(card) AS card, amount
FROM payments
WHERE amount > 1000;

-- An account's third large payment, and each one after it, raises an alert. 'alerts' is the
-- service's AlertWriter bean, not a topic.
-- @name: alerts
CREATE STREAM alerts AS
SELECT account, COUNT(*) AS payments, SUM(amount) AS total
FROM large_payments
GROUP BY account
HAVING COUNT(*) >= 3;
