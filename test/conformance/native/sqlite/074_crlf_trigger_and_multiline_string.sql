CREATE TABLE crlf2 (v TEXT);
-- a comment
CREATE TRIGGER crlf2_t AFTER INSERT ON crlf2
WHEN new.v <> 'copy'
BEGIN
  /* block;
     comment */
  INSERT INTO crlf2 VALUES ('copy');
END;
INSERT INTO crlf2 VALUES ('multi\r\nline; text');
CREATE VIEW crlf2_v AS
SELECT v
FROM crlf2;
