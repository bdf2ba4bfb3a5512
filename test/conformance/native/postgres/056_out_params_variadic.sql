CREATE FUNCTION divmod(a int, b int, OUT q int, OUT r int) LANGUAGE plpgsql AS $$
BEGIN
  q := a / b;
  r := a % b;
END
$$;
CREATE FUNCTION total(VARIADIC nums int[]) RETURNS int LANGUAGE sql AS $$ SELECT sum(n)::int FROM unnest(nums) n $$;
CREATE TABLE opv AS SELECT (divmod(17, 5)).*, total(1, 2, 3) AS t, total(VARIADIC ARRAY[4, 5]) AS u;
