CREATE TABLE tnb (a INTEGER, b INTEGER, out TEXT);
CREATE TRIGGER tnb_ai AFTER INSERT ON tnb
BEGIN
  UPDATE tnb SET out =
    CASE
      WHEN new.a > 0 THEN
        CASE WHEN new.b > 0 THEN 'both' ELSE 'a only' END
      ELSE
        CASE WHEN new.b > 0 THEN 'b only' ELSE 'neither' END
    END
  WHERE rowid = new.rowid;
  UPDATE tnb SET out = out || ';' || (SELECT CASE count(*) WHEN 1 THEN 'first' ELSE 'more' END FROM tnb)
  WHERE rowid = new.rowid;
END;
INSERT INTO tnb (a, b) VALUES (1, 1), (1, -1), (-1, 1), (-1, -1);
