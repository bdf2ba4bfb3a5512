CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (
  id int PRIMARY KEY,
  parent_id int REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  n int CONSTRAINT n_pos CHECK (n > 0),
  UNIQUE (parent_id, n)
);
-- (a deferred foreign key with rows inserted in the same transaction would make a later
-- ALTER TABLE fail: a migration runs in one transaction, as `psql -1` runs a file)
ALTER TABLE child ADD CONSTRAINT n_small CHECK (n < 100) NOT VALID;
INSERT INTO parent VALUES (1);
INSERT INTO child VALUES (1, 1, 5);
