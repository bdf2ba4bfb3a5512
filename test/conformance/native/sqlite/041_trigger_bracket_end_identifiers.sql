CREATE TABLE tbe ([end] TEXT, "begin" TEXT, `case` TEXT);
CREATE TABLE tbe_log ([end] TEXT);
CREATE TRIGGER "begin" AFTER INSERT ON tbe
BEGIN
  INSERT INTO tbe_log ([end]) VALUES (new.[end] || new."begin" || new.`case`);
END;
INSERT INTO tbe VALUES ('e;', 'b', 'c');
