CREATE TABLE acct (id INT PRIMARY KEY, balance INT, changed INT DEFAULT 0);
CREATE TRIGGER acct_bu BEFORE UPDATE ON acct FOR EACH ROW SET NEW.changed = OLD.changed + 1;
INSERT INTO acct (id, balance) VALUES (1, 10);
UPDATE acct SET balance = 20 WHERE id = 1;
