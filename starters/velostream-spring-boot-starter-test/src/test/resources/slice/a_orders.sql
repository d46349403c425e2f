CREATE STREAM big_orders AS SELECT id, twice(amount) AS doubled FROM orders WHERE amount > 100;
