CREATE TABLE grade (score INT, letter CHAR(1));
DELIMITER $$
CREATE TRIGGER grade_bi BEFORE INSERT ON grade FOR EACH ROW
BEGIN
  IF NEW.score >= 90 THEN
    SET NEW.letter = 'A';
  ELSEIF NEW.score >= 80 THEN
    SET NEW.letter = 'B';
  ELSEIF NEW.score >= 70 THEN
    SET NEW.letter = 'C';
  ELSE
    SET NEW.letter = 'F';
  END IF;
END$$
DELIMITER ;
INSERT INTO grade (score) VALUES (95), (85), (75), (10);
