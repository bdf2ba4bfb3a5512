CREATE TABLE nb (v VARCHAR(20));
DELIMITER ;;
CREATE PROCEDURE nb_p()
outer_block: BEGIN
  DECLARE x INT DEFAULT 1;
  inner_block: BEGIN
    DECLARE x INT DEFAULT 2;
    INSERT INTO nb VALUES (CONCAT('inner ', x));
    BEGIN
      INSERT INTO nb VALUES ('innermost; end');
    END;
  END inner_block;
  INSERT INTO nb VALUES (CONCAT('outer ', x));
END outer_block;;
DELIMITER ;
CALL nb_p();
