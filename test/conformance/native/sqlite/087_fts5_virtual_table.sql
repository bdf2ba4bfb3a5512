CREATE VIRTUAL TABLE docs USING fts5(title, body);
INSERT INTO docs VALUES ('first', 'the quick; brown fox'), ('second', 'lazy dog');
CREATE TABLE docs_hits AS SELECT title FROM docs WHERE docs MATCH 'fox';
