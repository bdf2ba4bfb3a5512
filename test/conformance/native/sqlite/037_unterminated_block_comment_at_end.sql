CREATE TABLE ubc (v INTEGER);
INSERT INTO ubc VALUES (1);
/* an unterminated block comment; runs to the end