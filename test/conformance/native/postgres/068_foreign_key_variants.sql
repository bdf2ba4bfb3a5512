CREATE TABLE fkp (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE fkc (
  id int PRIMARY KEY,
  a int,
  b int,
  boss int REFERENCES fkc (id) ON DELETE SET NULL,
  FOREIGN KEY (a, b) REFERENCES fkp (a, b) MATCH FULL ON UPDATE CASCADE ON DELETE RESTRICT
);
INSERT INTO fkp VALUES (1, 1), (2, 2);
INSERT INTO fkc VALUES (1, 1, 1, NULL), (2, 2, 2, 1);
UPDATE fkp SET b = 20 WHERE a = 2;
DELETE FROM fkc WHERE id = 1;
