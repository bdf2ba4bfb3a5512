CREATE TABLE vct (id INTEGER, name TEXT);
INSERT INTO vct VALUES (1, 'a'), (2, 'b');
CREATE VIEW vct_named (ident, label) AS SELECT id, name || ';' FROM vct;
CREATE TEMP VIEW vct_temp AS SELECT * FROM vct;
CREATE TABLE vct_copy AS SELECT * FROM vct_temp;
CREATE VIEW vct_union AS SELECT ident FROM vct_named UNION SELECT 99 ORDER BY 1;
