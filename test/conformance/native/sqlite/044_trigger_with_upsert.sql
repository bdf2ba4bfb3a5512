CREATE TABLE hits (page TEXT);
CREATE TABLE hit_count (page TEXT PRIMARY KEY, n INTEGER);
CREATE TRIGGER hits_count AFTER INSERT ON hits
BEGIN
  INSERT INTO hit_count VALUES (new.page, 1)
  ON CONFLICT (page) DO UPDATE SET n = n + 1;
END;
INSERT INTO hits VALUES ('a'), ('b;'), ('a'), ('a');
