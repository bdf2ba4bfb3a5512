CREATE TABLE odd (n INT);
DELIMITER $$
CREATE PROCEDURE odds(IN upto INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  counting: WHILE i < upto DO
    SET i = i + 1;
    IF i MOD 2 = 0 THEN
      ITERATE counting;
    END IF;
    IF i > 7 THEN
      LEAVE counting;
    END IF;
    INSERT INTO odd VALUES (i);
  END WHILE counting;
END$$
DELIMITER ;
CALL odds(10);
