-- a dash comment; with a semicolon
CREATE TABLE d (id INT); -- trailing; comment
--	dash comment after a tab
INSERT INTO d VALUES (1);
