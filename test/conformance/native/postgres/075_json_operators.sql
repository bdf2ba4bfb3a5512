CREATE TABLE jo (id int, doc jsonb);
INSERT INTO jo VALUES (1, '{"a": {"b": "x;y"}, "tags": ["t1", "t2"], "n": 2}'), (2, jsonb_build_object('a', jsonb_build_object('b', 'z'), 'n', 5));
CREATE TABLE jo_r AS
SELECT id,
       doc -> 'a' ->> 'b' AS b,
       doc #>> '{a,b}' AS b2,
       doc ? 'tags' AS has_tags,
       doc @> '{"n": 2}' AS n_is_2,
       jsonb_path_query_first(doc, '$.n ? (@ > 1)') AS big_n,
       doc - 'tags' #- '{a,b}' AS trimmed
FROM jo;
UPDATE jo SET doc = jsonb_set(doc, '{n}', '10') WHERE id = 2;
UPDATE jo SET doc = doc || '{"extra": true}';
