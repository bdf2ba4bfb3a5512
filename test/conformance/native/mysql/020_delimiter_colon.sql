delimiter ':'
CREATE PROCEDURE c1() BEGIN SELECT 1; END:
delimiter ;
