-- @name: big_orders
CREATE STREAM big AS SELECT * FROM orders WHERE amount > 100;
