-- @name: small_orders
CREATE STREAM small AS SELECT * FROM orders WHERE amount <= 100;
