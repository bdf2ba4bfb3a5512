-- BOM, then a comment
CREATE TABLE bom_crlf (v TEXT);
INSERT INTO bom_crlf VALUES ('é;');
