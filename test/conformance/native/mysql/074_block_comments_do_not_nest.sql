/* outer /* inner; */
CREATE TABLE nest (id INT);
INSERT INTO nest VALUES (1);
