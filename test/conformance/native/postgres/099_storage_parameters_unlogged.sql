CREATE TABLE spu (id int PRIMARY KEY, v text) WITH (fillfactor = 70);
ALTER TABLE spu SET (autovacuum_enabled = false, toast_tuple_target = 256);
CREATE UNLOGGED TABLE spu_scratch (v text);
CREATE INDEX spu_v ON spu (v) WITH (fillfactor = 50);
ALTER TABLE spu ALTER COLUMN v SET STORAGE EXTERNAL;
ALTER TABLE spu ALTER COLUMN v SET STATISTICS 200;
INSERT INTO spu VALUES (1, 'x');
