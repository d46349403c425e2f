-- CTAS with GROUP BY (issue 13): a PRIMARY KEY column, EMIT CHANGES, to a JSON-lines file.
CREATE TABLE category_stats AS
SELECT category PRIMARY KEY, COUNT(*) AS transaction_count, SUM(amount) AS total_amount, AVG(amount) AS avg_amount
FROM transactions GROUP BY category EMIT CHANGES
WITH ('transactions.type' = 'file_source', 'transactions.path' = 'transactions.csv', 'transactions.format' = 'csv',
      'category_stats.type' = 'file_sink', 'category_stats.path' = 'out/category_stats.jsonl', 'category_stats.format' = 'jsonl');

-- The key from the selected GROUP BY column (no PRIMARY KEY), EMIT FINAL, to a CSV file.
CREATE TABLE category_totals AS
SELECT category, SUM(amount) AS total_amount
FROM transactions GROUP BY category EMIT FINAL
WITH ('transactions.type' = 'file_source', 'transactions.path' = 'transactions.csv',
      'category_totals.type' = 'file_sink', 'category_totals.path' = 'out/category_totals.csv');

-- A later statement reads the table the first one keeps.
SELECT t.id, t.category, s.transaction_count AS n FROM transactions t JOIN category_stats s ON t.category = s.category
INTO joined WITH ('transactions.type' = 'file_source', 'transactions.path' = 'transactions.csv',
                  'joined.type' = 'file_sink', 'joined.path' = 'out/joined.csv');
