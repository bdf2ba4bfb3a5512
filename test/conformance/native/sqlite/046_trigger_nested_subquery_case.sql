CREATE TABLE tns (id INTEGER PRIMARY KEY, v INTEGER, rank_label TEXT);
CREATE TRIGGER tns_rank AFTER INSERT ON tns
BEGIN
  UPDATE tns SET rank_label = (
    SELECT CASE
      WHEN count(*) = 1 THEN 'first'
      WHEN count(*) = 2 THEN (SELECT CASE WHEN new.v > 0 THEN 'second;pos' ELSE 'second;neg' END)
      ELSE 'later'
    END
    FROM tns
  ) WHERE id = new.id;
END;
INSERT INTO tns (v) VALUES (5), (-5), (7);
