CREATE TABLE lsm (

  id INTEGER PRIMARY KEY,

  -- a comment inside; the statement

  name TEXT NOT NULL
    DEFAULT '',
  /* block
     comment; */
  note TEXT,

  CHECK (length(name) < 100)

)

;
INSERT INTO lsm

VALUES

  (1, 'one', 'first;

second line'),

  (2, 'two', NULL);
