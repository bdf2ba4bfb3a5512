CREATE TABLE dra (v text);
DO $$
DECLARE
  n int;
BEGIN
  INSERT INTO dra VALUES ('x');
  SELECT count(*) INTO n FROM dra;
  ASSERT n = 1, 'expected one row';
  RAISE NOTICE 'rows: %; ok', n;
  IF n <> 1 THEN
    RAISE EXCEPTION 'unexpected %', n;
  END IF;
END
$$;
