CREATE TABLE aar (id INTEGER PRIMARY KEY, v TEXT);
CREATE INDEX aar_v ON aar (v);
INSERT INTO aar VALUES (1, 'a'), (2, 'a'), (3, 'b');
ANALYZE;
REINDEX aar_v;
