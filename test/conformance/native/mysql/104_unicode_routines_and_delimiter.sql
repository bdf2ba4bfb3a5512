CREATE TABLE übersicht (schlüssel VARCHAR(10), wert VARCHAR(20));
DELIMITER %%
CREATE PROCEDURE grüße(IN wer VARCHAR(10))
BEGIN
  INSERT INTO übersicht VALUES (wer, CONCAT('Grüß Gott; ', wer, ' 👋'));
END%%
DELIMITER ;
CALL grüße('Jörg');
CALL grüße('李');
DELIMITER $$
CREATE VIEW ansicht AS SELECT schlüssel AS größe FROM übersicht$$
DELIMITER ;
