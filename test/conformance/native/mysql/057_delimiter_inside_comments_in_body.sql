CREATE TABLE dic (v INT);
DELIMITER $$
CREATE PROCEDURE dic_p()
BEGIN
  /* a block comment with $$ inside */
  INSERT INTO dic VALUES (1);
  # a hash comment with $$ inside
  INSERT INTO dic VALUES (2);
  -- a dash comment with $$ inside
  INSERT INTO dic VALUES (3);
END$$
DELIMITER ;
CALL dic_p();
