SET SESSION sql_mode = 'PIPES_AS_CONCAT,ANSI_QUOTES';
CREATE TABLE "ansi;table" (v VARCHAR(20));
CREATE PROCEDURE ansi_p() INSERT INTO "ansi;table" VALUES ('a' || 'b;c');
CALL ansi_p();
SET SESSION sql_mode = DEFAULT;
CREATE PROCEDURE default_p() SELECT 'x' || 'y';
