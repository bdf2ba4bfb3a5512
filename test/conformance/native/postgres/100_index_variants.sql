CREATE TABLE ivt (id int, name text, created date, score numeric);
CREATE INDEX ivt_brin ON ivt USING brin (created);
CREATE INDEX ivt_hash ON ivt USING hash (name);
CREATE INDEX ivt_desc ON ivt (score DESC NULLS LAST, id);
CREATE INDEX ivt_pattern ON ivt (name text_pattern_ops);
CREATE INDEX ivt_collate ON ivt ((lower(name)) COLLATE "C");
CREATE INDEX IF NOT EXISTS ivt_desc ON ivt (id);
ALTER INDEX ivt_hash RENAME TO ivt_name_hash;
CREATE INDEX ON ivt (created, score);
