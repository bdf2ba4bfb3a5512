CREATE TABLE scc (v TEXT);
INSERT INTO scc VALUES (char(9) || 'tab'), ('cr' || char(13) || 'lf' || char(10)), ('nul' || char(0) || 'byte'), ('bell' || char(7)), ('''quoted'''), ('"double"');
CREATE TABLE scc_len AS SELECT length(v) AS n, hex(v) AS h FROM scc;
