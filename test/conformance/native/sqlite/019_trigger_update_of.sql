CREATE TABLE acct (id INTEGER PRIMARY KEY, balance INTEGER, changed INTEGER DEFAULT 0);
CREATE TRIGGER acct_changed AFTER UPDATE OF balance ON acct FOR EACH ROW
BEGIN
  UPDATE acct SET changed = changed + 1 WHERE id = new.id;
END;
INSERT INTO acct (id, balance) VALUES (1, 10);
UPDATE acct SET balance = 20 WHERE id = 1;
