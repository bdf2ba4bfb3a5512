CREATE TABLE orders (id INT, total INT);
CREATE TABLE order_log (msg VARCHAR(50));
DELIMITER $$
CREATE TRIGGER orders_ai AFTER INSERT ON orders FOR EACH ROW
BEGIN
  INSERT INTO order_log VALUES (CONCAT('order ', NEW.id));
  IF NEW.total > 100 THEN
    INSERT INTO order_log VALUES ('big; order');
  END IF;
END$$
DELIMITER ;
INSERT INTO orders VALUES (1, 50), (2, 150);
