CREATE TABLE kinds (e ENUM('a','b;c'), s SET('x','y'), j JSON);
INSERT INTO kinds VALUES ('b;c', 'x,y', '{"k": "v;w"}');
