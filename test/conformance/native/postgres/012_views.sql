CREATE TABLE emp (id int, name text, dept text);
INSERT INTO emp VALUES (1, 'a', 'x'), (2, 'b', 'y');
CREATE VIEW emp_x AS SELECT id, name FROM emp WHERE dept = 'x';
CREATE OR REPLACE VIEW emp_tag AS SELECT name, 'a;b'::text AS tag FROM emp;
CREATE MATERIALIZED VIEW emp_count AS SELECT dept, count(*) AS n FROM emp GROUP BY dept;
