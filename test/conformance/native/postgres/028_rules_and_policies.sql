CREATE TABLE doc (id int, owner text);
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON doc USING (owner = current_user);
CREATE TABLE doc_log (id int);
CREATE RULE doc_ins AS ON INSERT TO doc DO ALSO INSERT INTO doc_log VALUES (NEW.id);
INSERT INTO doc VALUES (1, 'x');
