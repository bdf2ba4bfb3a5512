CREATE TABLE ttd (v INTEGER, doubled INTEGER);
CREATE TEMP TRIGGER ttd_double AFTER INSERT ON ttd
BEGIN
  UPDATE ttd SET doubled = new.v * 2 WHERE rowid = new.rowid;
END;
INSERT INTO ttd (v) VALUES (1), (2);
