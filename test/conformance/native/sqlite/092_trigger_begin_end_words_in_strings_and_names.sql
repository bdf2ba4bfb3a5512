CREATE TABLE "trigger;end" (v TEXT);
CREATE TABLE begin_log (msg TEXT);
CREATE TRIGGER "END" AFTER INSERT ON "trigger;end"
FOR EACH ROW
BEGIN
  INSERT INTO begin_log VALUES ('BEGIN ' || new.v || ' END;');
  INSERT INTO begin_log SELECT 'case end' WHERE new.v = 'END';
END;
INSERT INTO "trigger;end" VALUES ('END'), ('x');
