CREATE TABLE vu_a (id INT, name VARCHAR(10));
CREATE TABLE vu_b (id INT, label VARCHAR(10));
INSERT INTO vu_a VALUES (1, 'a');
INSERT INTO vu_b VALUES (2, 'b;');
CREATE VIEW vu (ident, text_value, origin) AS
  SELECT id, name, 'a' FROM vu_a
  UNION ALL
  SELECT id, label, 'b;' FROM vu_b;
CREATE VIEW vu_count AS SELECT origin, COUNT(*) AS n FROM vu GROUP BY origin;
