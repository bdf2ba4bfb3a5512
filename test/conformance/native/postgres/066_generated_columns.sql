CREATE TABLE gc (
  w numeric NOT NULL,
  h numeric NOT NULL,
  area numeric GENERATED ALWAYS AS (w * h) STORED,
  label text GENERATED ALWAYS AS ('w=' || w || '; h=' || h) STORED
);
INSERT INTO gc (w, h) VALUES (2, 3), (1.5, 4);
UPDATE gc SET w = 10 WHERE h = 3;
