CREATE TEXT SEARCH CONFIGURATION my_simple (COPY = simple);
CREATE TABLE ts (body text, tsv tsvector GENERATED ALWAYS AS (to_tsvector('my_simple', body)) STORED);
CREATE INDEX ts_tsv ON ts USING gin (tsv);
INSERT INTO ts (body) VALUES ('the quick; brown fox'), ('lazy dog');
CREATE TABLE ts_hits AS SELECT body FROM ts WHERE tsv @@ to_tsquery('my_simple', 'fox & quick');
