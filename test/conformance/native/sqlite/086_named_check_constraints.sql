CREATE TABLE ncc (
  a INTEGER CONSTRAINT a_pos CHECK (a > 0),
  b TEXT CONSTRAINT b_len CHECK (length(b) <= 5) NOT NULL DEFAULT 'x;',
  CONSTRAINT ab CHECK (a < 100 OR b <> 'big'),
  CONSTRAINT ab_unique UNIQUE (a, b)
);
INSERT INTO ncc VALUES (1, 'one'), (2, 'two');
