DO $do$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['dyn_a', 'dyn;b'] LOOP
    EXECUTE format('CREATE TABLE %I (id int, note text DEFAULT %L)', t, 'x;y');
    EXECUTE format('INSERT INTO %I (id) VALUES ($1)', t) USING 1;
  END LOOP;
END
$do$;
