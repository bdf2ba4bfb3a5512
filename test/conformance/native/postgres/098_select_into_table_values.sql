CREATE TABLE sit (id int, v text);
INSERT INTO sit VALUES (1, 'a'), (2, 'b;');
SELECT id, v INTO sit_copy FROM sit WHERE id > 1;
CREATE TABLE sit_empty AS SELECT * FROM sit WITH NO DATA;
CREATE TABLE sit_values (n, s) AS VALUES (1, 'one'), (2, 'two');
TABLE sit;
VALUES (1, 'just; output');
