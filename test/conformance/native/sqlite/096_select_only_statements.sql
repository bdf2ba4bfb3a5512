CREATE TABLE sos (v INTEGER);
SELECT 1;
SELECT 'a;b' AS x, "v" FROM sos;
INSERT INTO sos VALUES (1);
SELECT count(*) FROM sos;
VALUES (1, 'values; statement');
