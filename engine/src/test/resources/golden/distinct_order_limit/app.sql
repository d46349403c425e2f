-- @name: top_scores
SELECT player, score FROM scores ORDER BY score DESC, player LIMIT 3
INTO top WITH ('scores.type' = 'file_source', 'scores.path' = 'scores.csv',
               'top.type' = 'file_sink', 'top.path' = 'out/top.csv');

-- @name: teams
SELECT DISTINCT team FROM scores ORDER BY team
INTO teams WITH ('scores.type' = 'file_source', 'scores.path' = 'scores.csv',
                 'teams.type' = 'file_sink', 'teams.path' = 'out/teams.csv');

-- ORDER BY a column that is not selected; NULLs sort first in ascending order.
SELECT player FROM scores ORDER BY score, player
INTO by_score WITH ('scores.type' = 'file_source', 'scores.path' = 'scores.csv',
                    'by_score.type' = 'file_sink', 'by_score.path' = 'out/by_score.csv');
