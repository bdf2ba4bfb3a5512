CREATE TABLE a (x)   ;
CREATE VIEW v AS SELECT x FROM a /* trailing comment */ ;
CREATE VIEW w AS SELECT 1 AS one -- line comment
;
