CREATE TABLE jf (id INT, doc JSON CHECK (JSON_VALID(doc)));
INSERT INTO jf VALUES (1, JSON_OBJECT('name', 'a;b', 'tags', JSON_ARRAY('x', 'y')));
INSERT INTO jf VALUES (2, '{"name": "c", "n": 2}');
UPDATE jf SET doc = JSON_SET(doc, '$.n', 3) WHERE id = 2;
CREATE TABLE jf_names AS SELECT id, JSON_UNQUOTE(JSON_EXTRACT(doc, '$.name')) AS name FROM jf;
CREATE TABLE jf_agg AS SELECT JSON_ARRAYAGG(id) AS ids FROM jf;
