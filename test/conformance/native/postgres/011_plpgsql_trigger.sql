CREATE TABLE items (id int PRIMARY KEY, name text, updated int DEFAULT 0);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated := OLD.updated + 1; -- a comment; inside
  RETURN NEW;
END;
$$;
CREATE TRIGGER items_bump BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION bump();
INSERT INTO items VALUES (1, 'a');
UPDATE items SET name = 'b' WHERE id = 1;
