# a hash comment; with a semicolon
CREATE TABLE h (id INT); # trailing hash comment; here
INSERT INTO h VALUES (1);#no space after the hash
