CREATE TABLE ud (id int, v text);
INSERT INTO ud VALUES (1, 'a'), (2, 'b'), (3, 'c');
UPDATE ud SET v = v || ';' WHERE id > 1;
DELETE FROM ud WHERE id = 3;
