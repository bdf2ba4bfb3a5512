CREATE TABLE tbc (v INTEGER);
CREATE TABLE tbc_log (msg TEXT);
CREATE TRIGGER tbc_ai AFTER INSERT ON tbc
BEGIN
  -- END; in a line comment
  INSERT INTO tbc_log VALUES ('first');
  /* END; in a block comment */
  INSERT INTO tbc_log VALUES ('second; END;');
END;
INSERT INTO tbc VALUES (1);
