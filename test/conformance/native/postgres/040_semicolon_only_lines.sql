CREATE TABLE so (v int);
;
;;
INSERT INTO so VALUES (1);
