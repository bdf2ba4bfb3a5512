PRAGMA user_version = 3;
CREATE TABLE prs (v INTEGER);
PRAGMA table_info(prs);
PRAGMA recursive_triggers = ON;
CREATE TABLE prs_log (n INTEGER);
CREATE TRIGGER prs_t AFTER INSERT ON prs_log WHEN new.n < 3
BEGIN
  INSERT INTO prs_log VALUES (new.n + 1);
END;
INSERT INTO prs_log VALUES (1);
