CREATE TABLE es (v text);
INSERT INTO es VALUES (E'tab\there'), (E'quote\'s;'), (U&'\0041BC'), ('standard '' quote');
INSERT INTO es VALUES (E'back\\slash'), (E'\x41\101');
