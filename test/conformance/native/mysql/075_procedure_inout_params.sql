CREATE TABLE io (a INT, b INT);
DELIMITER $$
CREATE PROCEDURE swap(INOUT x INT, INOUT y INT)
BEGIN
  DECLARE t INT;
  SET t = x;
  SET x = y;
  SET y = t;
END$$
CREATE PROCEDURE out_sum(IN a INT, IN b INT, OUT s INT)
  COMMENT 'adds; two numbers'
BEGIN
  SET s = a + b;
END$$
DELIMITER ;
SET @a = 1, @b = 2;
CALL swap(@a, @b);
CALL out_sum(@a, @b, @s);
INSERT INTO io VALUES (@a, @s);
