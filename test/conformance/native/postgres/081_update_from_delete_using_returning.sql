CREATE TABLE ufa (id int PRIMARY KEY, v int);
CREATE TABLE ufb (id int, delta int);
INSERT INTO ufa VALUES (1, 10), (2, 20), (3, 30);
INSERT INTO ufb VALUES (1, 1), (2, 2), (3, -30);
UPDATE ufa SET v = ufa.v + ufb.delta FROM ufb WHERE ufb.id = ufa.id RETURNING ufa.id, ufa.v;
DELETE FROM ufa USING ufb WHERE ufb.id = ufa.id AND ufa.v = 0 RETURNING *;
