CREATE TABLE bz (b BLOB);
INSERT INTO bz VALUES (x''), (X'00'), (zeroblob(4)), (x'3B27'), (CAST('text;' AS BLOB));
CREATE TABLE bz_hex AS SELECT hex(b) AS h, length(b) AS n FROM bz;
