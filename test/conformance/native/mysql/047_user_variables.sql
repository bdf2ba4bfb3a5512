SET @n := 5;
SET @s = 'semi;colon';
CREATE TABLE uv (n INT, s VARCHAR(20));
INSERT INTO uv VALUES (@n, @s);
SET @@SESSION.sql_mode = CONCAT(@@SESSION.sql_mode, '');
