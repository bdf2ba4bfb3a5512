CREATE TABLE nonl (v int);
INSERT INTO nonl VALUES (1);
-- a final comment; without a newline