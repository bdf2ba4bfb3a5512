CREATE TABLE frt (id int, name text);
INSERT INTO frt VALUES (1, 'a'), (2, 'b'), (3, 'c');
CREATE FUNCTION frt_above(min_id int) RETURNS TABLE (id int, name text) LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY SELECT f.id, f.name FROM frt f WHERE f.id > min_id ORDER BY f.id;
END
$$;
CREATE FUNCTION frt_ids() RETURNS SETOF int LANGUAGE sql AS $$ SELECT id FROM frt $$;
CREATE TABLE frt_copy AS SELECT * FROM frt_above(1);
