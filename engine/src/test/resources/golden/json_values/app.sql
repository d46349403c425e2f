-- JSON values: exact decimals, nested fields, arrays, a field that appears late, system columns.
SELECT id,
       user.name AS name,
       user['tier'] AS tier,
       tags[1] AS first_tag,
       ARRAY_LENGTH(tags) AS n_tags,
       price,
       price * 3 AS price3,
       ratio,
       extra,
       NOT ok AS not_ok,
       _offset AS line,
       _topic AS source
FROM events
INTO out
WITH (
  'events.type' = 'file_source', 'events.path' = 'events.jsonl',
  'out.type' = 'file_sink', 'out.path' = 'out/values.jsonl'
);
