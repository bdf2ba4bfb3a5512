CREATE TABLE city (name text, population int);
CREATE TABLE capital (state text) INHERITS (city);
INSERT INTO city VALUES ('a', 10);
INSERT INTO capital VALUES ('b', 20, 's;t');
CREATE TABLE all_cities AS SELECT name FROM city ORDER BY name;
CREATE TABLE only_cities AS SELECT name FROM ONLY city;
