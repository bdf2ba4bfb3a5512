CREATE TABLE begin_end (begin_at TEXT, end_at TEXT);
INSERT INTO begin_end VALUES ('begin;', 'end;');
CREATE INDEX begin_end_idx ON begin_end (end_at);
