CREATE TABLE s (v TEXT);
INSERT INTO s VALUES ('it''s; fine'), ('back\slash'), ('line
break; inside'), (char(9) || 'tab');
