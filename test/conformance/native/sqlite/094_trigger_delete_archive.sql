CREATE TABLE tda (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE tda_archive (id INTEGER, v TEXT, why TEXT);
CREATE TRIGGER tda_bd BEFORE DELETE ON tda
BEGIN
  INSERT INTO tda_archive VALUES (old.id, old.v, 'before; delete');
END;
CREATE TRIGGER tda_ad AFTER DELETE ON tda
BEGIN
  INSERT INTO tda_archive VALUES (old.id, old.v, 'after; delete');
END;
INSERT INTO tda VALUES (1, 'a'), (2, 'b');
DELETE FROM tda WHERE id = 1;
