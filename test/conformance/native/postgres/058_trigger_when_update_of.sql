CREATE TABLE twu (id int PRIMARY KEY, price int, note text);
CREATE TABLE twu_log (id int, old_price int, new_price int);
CREATE FUNCTION twu_log_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO twu_log VALUES (NEW.id, OLD.price, NEW.price);
  RETURN NEW;
END
$$;
CREATE TRIGGER twu_price AFTER UPDATE OF price ON twu FOR EACH ROW
  WHEN (OLD.price IS DISTINCT FROM NEW.price)
  EXECUTE FUNCTION twu_log_price();
INSERT INTO twu VALUES (1, 10, 'a'), (2, 20, 'b');
UPDATE twu SET price = 11 WHERE id = 1;
UPDATE twu SET price = 20 WHERE id = 2;
UPDATE twu SET note = 'changed; note';
