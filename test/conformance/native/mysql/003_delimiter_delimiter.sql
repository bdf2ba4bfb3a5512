delimiter delimiter
CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END delimiter
delimiter ;
CREATE TABLE after_p (id INT PRIMARY KEY);
