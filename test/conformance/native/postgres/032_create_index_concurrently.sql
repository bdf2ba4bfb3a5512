CREATE TABLE big (id int, v text);
INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 50) g;
CREATE INDEX CONCURRENTLY big_v ON big (v);
