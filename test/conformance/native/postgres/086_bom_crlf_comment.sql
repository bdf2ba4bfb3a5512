-- BOM, then a comment
CREATE TABLE bom_crlf (v text);
INSERT INTO bom_crlf VALUES ('é;');
