DELIMITER $$
CREATE PROCEDURE make_table(IN name VARCHAR(30))
BEGIN
  SET @ddl = CONCAT('CREATE TABLE `', name, '` (id INT, note VARCHAR(10) DEFAULT ''a;b'')');
  PREPARE s FROM @ddl;
  EXECUTE s;
  DEALLOCATE PREPARE s;
END$$
DELIMITER ;
CALL make_table('made_one');
CALL make_table('made;two');
