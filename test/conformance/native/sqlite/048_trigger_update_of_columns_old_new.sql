CREATE TABLE tuo (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER);
CREATE TABLE tuo_log (id INTEGER, what TEXT);
CREATE TRIGGER tuo_ab BEFORE UPDATE OF a, b ON tuo FOR EACH ROW
WHEN old.a <> new.a OR old.b <> new.b
BEGIN
  INSERT INTO tuo_log VALUES (old.id, 'a ' || old.a || '->' || new.a || '; b ' || old.b || '->' || new.b);
END;
INSERT INTO tuo VALUES (1, 1, 1, 1);
UPDATE tuo SET a = 2;
UPDATE tuo SET c = 9;
UPDATE tuo SET b = 1;
