-- line comment; with semicolon
/* block; comment */
CREATE TABLE c (id INTEGER /* inline; */, v TEXT); -- trailing; comment
INSERT INTO c VALUES (1, '-- not a comment'), (2, '/* nor; this */');
