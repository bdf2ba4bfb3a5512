DO $outer$
BEGIN
  EXECUTE $ddl$
    CREATE FUNCTION nested_f() RETURNS text LANGUAGE plpgsql AS $inner$
    BEGIN
      RETURN $str$ deep; $$ quote $str$;
    END
    $inner$
  $ddl$;
END
$outer$;
CREATE TABLE ndq AS SELECT nested_f() AS v;
