CREATE TABLE old_name (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE refs (id INTEGER, old_id INTEGER REFERENCES old_name (id));
CREATE VIEW old_view AS SELECT v FROM old_name;
CREATE TRIGGER old_trg AFTER INSERT ON old_name BEGIN INSERT INTO refs VALUES (new.id, new.id); END;
INSERT INTO old_name VALUES (1, 'x');
ALTER TABLE old_name RENAME TO new_name;
ALTER TABLE new_name RENAME COLUMN v TO value;
