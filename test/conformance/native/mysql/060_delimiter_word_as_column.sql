CREATE TABLE dcol (v INT,
delimiter INT);
INSERT INTO dcol VALUES (1,
2);
