-- Names with no type are Kafka topics of that name.
-- @name: priced
-- @failure_strategy: SendToDLQ
-- @dlq_topic: m_dlq
-- @metric: velo_big_orders_total
-- @metric_help: Orders over 100, by region
-- @metric_labels: region
-- @metric_condition: amount > 100
-- @metric: velo_order_amount
-- @metric_type: histogram
-- @metric_field: amount
-- @metric_buckets: 100, 1000
-- @metric: velo_last_amount
-- @metric_type: gauge
-- @metric_field: amount
-- @metric_labels: region
CREATE STREAM priced AS SELECT id, region, CAST(amount AS INTEGER) AS amount FROM m_orders;

-- @name: region_counts
CREATE STREAM region_counts AS
SELECT region, COUNT(*) AS n FROM m_orders
GROUP BY region WINDOW TUMBLING(1m)
WITH ('event.time.field' = 'ts');
