CREATE TABLE ivs (a INTEGER, b TEXT, c REAL);
CREATE INDEX ivs_multi ON ivs (a DESC, b COLLATE NOCASE ASC);
CREATE INDEX IF NOT EXISTS ivs_expr ON ivs (a + c, substr(b, 1, 2));
CREATE INDEX IF NOT EXISTS ivs_expr ON ivs (c);
CREATE UNIQUE INDEX ivs_partial ON ivs (b) WHERE a > 0 AND b <> ';';
CREATE INDEX ivs_dropped ON ivs (c);
DROP INDEX ivs_dropped;
DROP INDEX IF EXISTS never_existed;
REINDEX ivs;
