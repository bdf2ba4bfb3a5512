-- only a comment; here
/* and a block; comment */
CREATE TABLE cof (v int);
-- a comment between statements; then an empty one
;
/* ; */ ;
INSERT INTO cof VALUES (1);
-- a final comment; after the last statement
