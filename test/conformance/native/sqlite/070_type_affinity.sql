CREATE TABLE ta (i INT, t TEXT, r REAL, n NUMERIC, b BLOB, none);
INSERT INTO ta VALUES ('12', 12, '3', '4.0', 5, '6');
INSERT INTO ta VALUES ('x', 1.5, 'y', '1e3', 'z', 7.0);
CREATE TABLE ta_types AS SELECT typeof(i), typeof(t), typeof(r), typeof(n), typeof(b), typeof(none) FROM ta;
