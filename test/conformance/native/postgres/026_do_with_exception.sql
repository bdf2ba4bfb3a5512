CREATE TABLE ok (v text);
DO $do$
BEGIN
  BEGIN
    PERFORM 1 / 0;
  EXCEPTION WHEN division_by_zero THEN
    INSERT INTO ok VALUES ('caught; it');
  END;
END
$do$;
