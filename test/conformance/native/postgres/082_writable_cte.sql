CREATE TABLE queue (id int, payload text);
CREATE TABLE done (id int, payload text);
INSERT INTO queue VALUES (1, 'a;'), (2, 'b'), (3, 'c');
WITH moved AS (
  DELETE FROM queue WHERE id < 3 RETURNING id, payload
)
INSERT INTO done SELECT id, upper(payload) FROM moved;
WITH bumped AS (UPDATE queue SET payload = payload || '!' RETURNING id)
SELECT count(*) FROM bumped;
