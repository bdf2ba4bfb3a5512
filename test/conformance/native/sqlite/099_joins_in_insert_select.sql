CREATE TABLE jl (id INTEGER, name TEXT);
CREATE TABLE jr (id INTEGER, score INTEGER);
INSERT INTO jl VALUES (1, 'a'), (2, 'b'), (3, 'c');
INSERT INTO jr VALUES (1, 10), (3, 30), (4, 40);
CREATE TABLE joined (name TEXT, score INTEGER, kind TEXT);
INSERT INTO joined SELECT jl.name, jr.score, 'inner' FROM jl JOIN jr USING (id);
INSERT INTO joined SELECT jl.name, jr.score, 'left' FROM jl LEFT JOIN jr ON jr.id = jl.id WHERE jr.id IS NULL;
INSERT INTO joined SELECT NULL, jr.score, 'cross' FROM jr CROSS JOIN (SELECT 1) WHERE jr.id = 4;
INSERT INTO joined SELECT name, NULL, 'natural' FROM jl NATURAL JOIN (SELECT 2 AS id);
