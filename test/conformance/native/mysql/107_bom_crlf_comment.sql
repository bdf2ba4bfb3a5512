-- a BOM followed by a comment
CREATE TABLE bom3 (v VARCHAR(5));
INSERT INTO bom3 VALUES ('é');
