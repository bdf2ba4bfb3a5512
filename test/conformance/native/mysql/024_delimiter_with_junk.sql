DELIMITER $$ trailing words are ignored
CREATE PROCEDURE j() BEGIN SELECT 1; END $$
DELIMITER ;
