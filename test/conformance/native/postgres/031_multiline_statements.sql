CREATE TABLE m1 (
  a int,
  b text
);
INSERT INTO m1
  (a, b)
VALUES
  (1, 'one'),
  (2, 'two;2');
CREATE TABLE m2 AS
SELECT a * 10 AS a10
FROM m1
WHERE a > 0;
