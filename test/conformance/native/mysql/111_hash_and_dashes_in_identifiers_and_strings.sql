CREATE TABLE `a#b` (`c--d` VARCHAR(20), `e/*f` VARCHAR(20));
INSERT INTO `a#b` VALUES ('# not a comment', '-- nor this; */');
INSERT INTO `a#b` VALUES ("/* neither; */", "#;--");
