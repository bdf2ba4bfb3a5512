CREATE TABLE tiu (id INTEGER PRIMARY KEY, name TEXT, deleted INTEGER DEFAULT 0);
CREATE VIEW tiu_live AS SELECT id, name FROM tiu WHERE deleted = 0;
CREATE TRIGGER tiu_live_upd INSTEAD OF UPDATE OF name ON tiu_live
BEGIN
  UPDATE tiu SET name = upper(new.name) WHERE id = old.id;
END;
CREATE TRIGGER tiu_live_del INSTEAD OF DELETE ON tiu_live
BEGIN
  UPDATE tiu SET deleted = 1 WHERE id = old.id;
END;
INSERT INTO tiu (name) VALUES ('a'), ('b'), ('c');
UPDATE tiu_live SET name = 'x;y' WHERE id = 1;
DELETE FROM tiu_live WHERE id = 2;
