CREATE TABLE esc (v INTEGER);
; -- an empty statement; then a comment
/* ; */ ;
;;;
INSERT INTO esc VALUES (1);;
