CREATE TABLE nbe (v VARCHAR(20));
SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES');
INSERT INTO nbe VALUES ('back\');
INSERT INTO nbe VALUES ('not\na newline');
INSERT INTO nbe VALUES ('quote'';\');
