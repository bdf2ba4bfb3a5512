CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE rt (id int, f floatrange, d daterange, m int4multirange);
INSERT INTO rt VALUES (1, '[1.5,2.5)', '[2024-01-01,2024-02-01)', '{[1,3), [5,7)}');
INSERT INTO rt VALUES (2, floatrange(3, 4, '[]'), daterange('2024-03-01', NULL), int4multirange(int4range(10, 20)));
