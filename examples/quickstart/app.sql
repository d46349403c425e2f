-- SQL Application: quickstart
-- Version: 1.0
-- Description: big orders, with tax, from a CSV file

-- @name: big_orders
CREATE STREAM big_orders AS
SELECT order_id PRIMARY KEY,
       UPPER(customer) AS customer,
       region,
       amount,
       ROUND(amount * 1.20, 2) AS gross,
       CASE WHEN amount >= 1000 THEN 'vip' ELSE 'regular' END AS tier
FROM orders
WHERE status <> 'cancelled' AND amount > 50
WITH (
  'orders.type' = 'file_source',
  'orders.path' = 'orders.csv',
  'big_orders.type' = 'file_sink',
  'big_orders.path' = 'out/big_orders.jsonl',
  'big_orders.format' = 'jsonl'
);

-- Read what the first statement wrote and print a summary line per order.
SELECT customer || ' (' || region || ')' AS who, gross
FROM big_orders
ORDER BY gross DESC;
