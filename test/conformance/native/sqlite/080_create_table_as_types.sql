CREATE TABLE ctt (i INTEGER, t TEXT, r REAL, d NUMERIC(10,2), v VARCHAR(20));
INSERT INTO ctt VALUES (1, 'a;', 1.5, 2.25, 'v');
CREATE TABLE ctt_copy AS SELECT * FROM ctt;
CREATE TABLE ctt_expr AS SELECT i + 1 AS i1, t || 'x' AS tx, r * 2 AS r2, CAST(d AS TEXT) AS dt, 'lit' AS lit FROM ctt;
CREATE TABLE IF NOT EXISTS ctt_copy AS SELECT 1;
