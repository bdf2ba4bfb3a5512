CREATE TABLE af (id int, tags text[], grid int[][]);
INSERT INTO af VALUES (1, ARRAY['a', 'b;c'], '{{1,2},{3,4}}'), (2, '{"x y", "z"}', ARRAY[[5,6],[7,8]]);
CREATE TABLE af_r AS
SELECT id, array_length(tags, 1) AS n, grid[2][1] AS g21, array_to_string(tags, ';') AS joined,
       array_append(tags, 'new') AS appended, 'a' = ANY (tags) AS has_a
FROM af;
CREATE TABLE af_unnest AS SELECT id, t FROM af, unnest(tags) WITH ORDINALITY AS u(t, ord) ORDER BY id, ord;
CREATE TABLE af_agg AS SELECT array_agg(id ORDER BY id DESC) AS ids FROM af;
