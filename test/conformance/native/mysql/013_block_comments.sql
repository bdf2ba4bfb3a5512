/* block comment; with a semicolon */
CREATE TABLE b (id INT /* inline; comment */, v VARCHAR(5));
/*
 multi-line; comment
*/
INSERT INTO b VALUES (1, 'x');
