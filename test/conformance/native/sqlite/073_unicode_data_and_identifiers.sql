CREATE TABLE größe (名前 TEXT, "emoji 🎉" TEXT, עברית TEXT);
INSERT INTO größe VALUES ('Straße; 街道', '👩‍👩‍👧', 'שלום'), ('é', 'e' || char(769), 'مرحبا');
CREATE VIEW ansicht AS SELECT 名前 AS "名;前" FROM größe;
CREATE TRIGGER größe_trigger AFTER INSERT ON größe BEGIN UPDATE größe SET עברית = 'טוב' WHERE rowid = new.rowid; END;
INSERT INTO größe (名前) VALUES ('新');
