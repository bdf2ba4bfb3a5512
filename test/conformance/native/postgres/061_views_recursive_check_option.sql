CREATE TABLE vrc (id int, parent int, name text);
INSERT INTO vrc VALUES (1, NULL, 'root'), (2, 1, 'child'), (3, 2, 'grandchild');
CREATE RECURSIVE VIEW vrc_tree (id, depth) AS
  SELECT id, 0 FROM vrc WHERE parent IS NULL
  UNION ALL
  SELECT v.id, t.depth + 1 FROM vrc v JOIN vrc_tree t ON v.parent = t.id;
CREATE VIEW vrc_roots AS SELECT * FROM vrc WHERE parent IS NULL WITH LOCAL CHECK OPTION;
CREATE VIEW vrc_secure WITH (security_barrier = true) AS SELECT id, name FROM vrc WHERE id > 1;
