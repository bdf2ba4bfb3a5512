CREATE FUNCTION approx_eq(a numeric, b numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs(a - b) < 0.01';
CREATE OPERATOR === (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = approx_eq, COMMUTATOR = ===);
CREATE FUNCTION neg_text(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT reverse(t)';
CREATE OPERATOR #~# (RIGHTARG = text, FUNCTION = neg_text);
CREATE TABLE cop AS SELECT 1.001 === 1.0 AS close, #~# 'abc;' AS rev;
