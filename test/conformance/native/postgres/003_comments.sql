-- leading comment; with a semicolon
/* block /* nested */ comment; */
CREATE TABLE c (v text DEFAULT 'x -- not a comment');
COMMENT ON TABLE c IS 'a table; with a semicolon';
INSERT INTO c VALUES (E'line\nbreak'), ('it''s');
