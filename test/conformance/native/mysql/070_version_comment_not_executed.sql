CREATE TABLE vce (v INT);
/*M!999999 this is not SQL and is never executed */;
INSERT INTO vce VALUES (1) /*M!999999 , (2) */;
INSERT INTO vce VALUES (3) /*!100100 , (4) */;
