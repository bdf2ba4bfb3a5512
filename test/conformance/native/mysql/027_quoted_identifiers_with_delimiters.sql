CREATE TABLE `semi;colon` (`a;b` INT, `c``d` INT);
INSERT INTO `semi;colon` VALUES (1, 2);
CREATE VIEW `v;1` AS SELECT `a;b` FROM `semi;colon`;
