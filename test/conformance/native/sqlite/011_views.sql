CREATE TABLE emp (id INTEGER, name TEXT, dept TEXT);
INSERT INTO emp VALUES (1, 'a', 'x'), (2, 'b', 'y');
CREATE VIEW emp_x AS SELECT id, name FROM emp WHERE dept = 'x';
CREATE VIEW IF NOT EXISTS emp_tag AS SELECT name, 'a;b' AS tag FROM emp;
