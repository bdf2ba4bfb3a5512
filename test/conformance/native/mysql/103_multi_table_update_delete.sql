CREATE TABLE mt_a (id INT PRIMARY KEY, v INT);
CREATE TABLE mt_b (id INT PRIMARY KEY, a_id INT, w INT);
INSERT INTO mt_a VALUES (1, 10), (2, 20), (3, 30);
INSERT INTO mt_b VALUES (1, 1, 0), (2, 2, 0), (3, 3, 0);
UPDATE mt_a JOIN mt_b ON mt_b.a_id = mt_a.id SET mt_b.w = mt_a.v * 2, mt_a.v = mt_a.v + 1 WHERE mt_a.id < 3;
DELETE mt_a, mt_b FROM mt_a JOIN mt_b ON mt_b.a_id = mt_a.id WHERE mt_a.id = 3;
DELETE FROM mt_b ORDER BY id DESC LIMIT 1;
UPDATE mt_a SET v = 0 ORDER BY id LIMIT 1;
