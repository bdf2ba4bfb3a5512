CREATE FUNCTION pp_join(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT $1||'';''||$2';
CREATE FUNCTION pp_sum(int, int) RETURNS int LANGUAGE sql AS $$SELECT $1+$2$$;
CREATE TABLE pp (v text);
INSERT INTO pp VALUES (pp_join('a', 'b')), (pp_sum(1, 2)::text);
