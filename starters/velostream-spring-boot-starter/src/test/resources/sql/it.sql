-- Names with no type are Kafka topics of that name.
-- @name: big_orders
CREATE STREAM big_orders AS SELECT id, amount FROM orders WHERE amount > 100;

-- @name: fragile
CREATE STREAM fragile AS SELECT * FROM raw;
