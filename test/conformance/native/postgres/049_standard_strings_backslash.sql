CREATE TABLE ssb (v text);
INSERT INTO ssb VALUES ('back\');
INSERT INTO ssb VALUES ('not\na newline; \');
INSERT INTO ssb VALUES (E'escaped \\ and \' quote;');
