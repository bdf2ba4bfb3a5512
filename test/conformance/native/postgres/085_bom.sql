CREATE TABLE bom (v text);
INSERT INTO bom VALUES ('ü');
