CREATE TABLE counter (n int);
DO $$
BEGIN
  FOR i IN 1..3 LOOP
    INSERT INTO counter VALUES (i);
  END LOOP;
END
$$;
