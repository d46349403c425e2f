SELECT a, b, c FROM semi INTO out1
WITH ('semi.type' = 'file_source', 'semi.path' = 'semi.csv', 'semi.delimiter' = ';',
      'out1.type' = 'file_sink', 'out1.path' = 'out/semi.csv');

SELECT column2 AS word, column1 * 10 AS n FROM pipes INTO out2
WITH ('pipes.type' = 'file_source', 'pipes.path' = 'pipes.txt', 'pipes.format' = 'csv_no_header',
      'pipes.delimiter' = '|',
      'out2.type' = 'file_sink', 'out2.path' = 'out/pipes.csv');
