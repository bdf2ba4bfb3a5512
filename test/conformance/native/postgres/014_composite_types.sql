CREATE TYPE address AS (street text, city text);
CREATE TABLE place (id int, addr address);
INSERT INTO place VALUES (1, ROW('main; st', 'x'));
