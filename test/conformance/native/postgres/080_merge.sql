CREATE TABLE stock (item text PRIMARY KEY, qty int);
CREATE TABLE delivery (item text, qty int);
INSERT INTO stock VALUES ('apple', 10), ('pear', 0), ('plum', 5);
INSERT INTO delivery VALUES ('apple', 5), ('kiwi', 7), ('pear', 0), ('plum', -5);
MERGE INTO stock s
USING delivery d ON s.item = d.item
WHEN MATCHED AND s.qty + d.qty = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET qty = s.qty + d.qty
WHEN NOT MATCHED THEN INSERT VALUES (d.item, d.qty);
