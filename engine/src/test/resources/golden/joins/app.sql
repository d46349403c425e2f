-- Stream–table join against a table loaded from a CSV file before the job starts: each order
-- looks its customer up by key. LEFT keeps the order of the unknown customer 9 with NULLs.
-- @name: enriched
SELECT o.order_id, o.amount, c.name, c.tier
FROM orders o LEFT JOIN customers c ON o.customer_id = c.id
INTO enriched
WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.jsonl',
      'customers.type' = 'file_source', 'customers.path' = 'customers.csv', 'customers.primary_key' = 'id',
      'enriched.type' = 'file_sink', 'enriched.path' = 'out/enriched.csv');

-- A table made by CREATE TABLE … AS (latest row per key), then joined INNER: customer 3 has no
-- orders, customer 9 is not in the table.
CREATE TABLE spend AS
SELECT customer_id, SUM(amount) AS total, COUNT(*) AS orders
FROM orders GROUP BY customer_id
WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.jsonl');

-- @name: with_spend
SELECT c.name, s.total, s.orders
FROM customers c JOIN spend s ON c.id = s.customer_id
INTO with_spend
WITH ('customers.type' = 'file_source', 'customers.path' = 'customers.csv',
      'with_spend.type' = 'file_sink', 'with_spend.path' = 'out/with_spend.csv');

-- Stream–stream join with a time bound: a payment matches its order within 10 s of event time
-- (payments may arrive up to 5 s out of order). Order 13's payment comes 61 s later: no match;
-- with LEFT the order is emitted with NULLs when its bound expires, and order 12 (never paid) too.
-- @name: paid
SELECT o.order_id, o.amount, p.paid
FROM orders o LEFT JOIN payments p ON o.order_id = p.order_id WITHIN 10s
INTO paid
WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.jsonl',
      'payments.type' = 'file_source', 'payments.path' = 'payments.jsonl',
      'event.time.field' = 'ts', 'watermark.max_out_of_orderness' = '5s',
      'paid.type' = 'file_sink', 'paid.path' = 'out/paid.csv');

-- Subqueries over a table, each a hash lookup per record: IN by key, NOT IN, correlated EXISTS,
-- a scalar subquery by key, and IN over a column that is not the key (the table keeps an index).
-- @name: subqueries
SELECT o.order_id,
       o.customer_id IN (SELECT id FROM customers) AS known,
       o.customer_id NOT IN (SELECT c.id FROM customers c) AS unknown,
       EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id) AS has_customer,
       (SELECT c.name FROM customers c WHERE c.id = o.customer_id) AS name,
       'gold' IN (SELECT tier FROM customers) AS any_gold
FROM orders o
WHERE o.customer_id IN (SELECT id FROM customers WHERE id = o.customer_id) OR o.amount > 6
INTO subqueries
WITH ('orders.type' = 'file_source', 'orders.path' = 'orders.jsonl',
      'customers.type' = 'file_source', 'customers.path' = 'customers.csv', 'customers.primary_key' = 'id',
      'subqueries.type' = 'file_sink', 'subqueries.path' = 'out/subqueries.csv');
