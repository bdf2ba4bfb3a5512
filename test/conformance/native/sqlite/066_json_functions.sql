CREATE TABLE jf (id INTEGER, doc TEXT CHECK (json_valid(doc)));
INSERT INTO jf VALUES (1, json_object('name', 'a;b', 'tags', json_array('x', 'y'))), (2, '{"name": "c", "n": 2}');
UPDATE jf SET doc = json_set(doc, '$.n', 3) WHERE id = 2;
CREATE TABLE jf_r AS
SELECT id, doc ->> '$.name' AS name, doc -> '$.tags' AS tags, json_extract(doc, '$.n') AS n FROM jf;
CREATE TABLE jf_each AS SELECT jf.id, j.key, j.value FROM jf, json_each(jf.doc) AS j ORDER BY jf.id, j.key;
CREATE TABLE jf_group AS SELECT json_group_array(id) AS ids FROM jf;
