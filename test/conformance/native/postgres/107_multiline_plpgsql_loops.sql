CREATE TABLE mpl (i int, label text);
CREATE FUNCTION mpl_fill(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  i int := 0;
  r record;
  total int := 0;
BEGIN
  <<outer_loop>>
  WHILE i < n LOOP
    i := i + 1;
    CONTINUE outer_loop WHEN i = 2;
    EXIT WHEN i > 5;
    INSERT INTO mpl VALUES (i, CASE WHEN i % 2 = 0 THEN 'even;' ELSE 'odd' END);
  END LOOP outer_loop;
  FOR r IN SELECT * FROM mpl ORDER BY i LOOP
    total := total + r.i;
  END LOOP;
  FOR j IN REVERSE 3..1 BY 1 LOOP
    total := total + j;
  END LOOP;
  RETURN total;
END
$$;
CREATE TABLE mpl_total AS SELECT mpl_fill(10) AS total;
