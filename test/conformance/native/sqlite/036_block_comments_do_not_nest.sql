/* outer /* inner; */
CREATE TABLE nest (id INTEGER);
INSERT INTO nest VALUES (1) /* a /* b */;
