CREATE TABLE t (a INTEGER, sign TEXT);
CREATE TRIGGER t_sign AFTER INSERT ON t
BEGIN
  UPDATE t SET sign = CASE WHEN new.a >= 0 THEN 'pos' ELSE 'neg' END WHERE rowid = new.rowid;
END;
INSERT INTO t (a) VALUES (-2), (3);
