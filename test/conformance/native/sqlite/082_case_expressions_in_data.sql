CREATE TABLE ced (n INTEGER, label TEXT);
INSERT INTO ced (n) VALUES (-1), (0), (1), (NULL);
UPDATE ced SET label = CASE
  WHEN n IS NULL THEN 'null;'
  WHEN n < 0 THEN 'neg'
  ELSE CASE n WHEN 0 THEN 'zero' ELSE 'pos' END
END;
CREATE TABLE ced_iif AS SELECT n, iif(n > 0, 'yes', 'no') AS positive, coalesce(n, -99) AS c, nullif(n, 0) AS nz FROM ced;
