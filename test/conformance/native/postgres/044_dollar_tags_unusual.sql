CREATE TABLE dtu (v text);
INSERT INTO dtu VALUES ($a1$one; $a1$), ($_x_9$two$_x_9$), ($Ü$drei; $Ü$), ($A$case $a$ sensitive$A$);
CREATE FUNCTION dtu_f() RETURNS text LANGUAGE sql AS $Function_Body$SELECT $q1$ $Function_body$ $q1$$Function_Body$;
INSERT INTO dtu VALUES (dtu_f());
