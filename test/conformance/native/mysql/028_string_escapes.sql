CREATE TABLE s (v VARCHAR(40));
INSERT INTO s VALUES ('it\'s; fine'), ('doubled '' quote;'), ("dq \" ;"), ('back\\slash');
INSERT INTO s VALUES ('line\nbreak'), ('tab\there');
