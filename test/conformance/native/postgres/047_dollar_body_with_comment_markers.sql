CREATE FUNCTION dbc() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  -- a real comment inside the body; with $ signs
  /* a /* nested */ block; */
  RETURN '-- not; a comment /* nor */ ''quoted'' $';
END
$$;
CREATE TABLE dbc_t AS SELECT dbc() AS v;
