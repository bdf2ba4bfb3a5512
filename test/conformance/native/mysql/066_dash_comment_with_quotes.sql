-- it's a dash comment with an unmatched quote
CREATE TABLE dq (v VARCHAR(10)); -- don't; "split
INSERT INTO dq VALUES ('b'); -- `tick
