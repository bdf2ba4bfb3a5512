DELIMITER //
CREATE TABLE `a//b` (`c//d` INT)//
CREATE PROCEDURE `p//q`() BEGIN INSERT INTO `a//b` (`c//d`) VALUES (1); END//
DELIMITER ;
CALL `p//q`();
