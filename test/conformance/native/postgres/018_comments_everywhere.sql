-- a line comment; before
CREATE TABLE c1 ( -- after paren; comment
  id int, /* inline; block */
  v text
);
/* block
   /* nested; */
   still comment; */
INSERT INTO c1 VALUES (1, '-- not a comment'), (2, '/* nor this */');
COMMENT ON COLUMN c1.v IS 'value; column';
