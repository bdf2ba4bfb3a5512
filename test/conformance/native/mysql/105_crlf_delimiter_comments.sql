# CRLF file with comments and a delimiter
CREATE TABLE crlf2 (v VARCHAR(20)); -- trailing
DELIMITER //
CREATE PROCEDURE crlf2_p()
BEGIN
  INSERT INTO crlf2 VALUES ('a;b');
  /* multi
     line; comment */
  INSERT INTO crlf2 VALUES ('c');
END //
DELIMITER ;
CALL crlf2_p();
INSERT INTO crlf2 VALUES ('multi\r\nline');
