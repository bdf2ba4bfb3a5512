CREATE TABLE "Größe" ("Ünïcode Column" text, "🎉" int, ß text);
INSERT INTO "Größe" VALUES ('Straße; 街道', 1, 'ß');
CREATE VIEW größen AS SELECT "🎉" AS "Party 🎉", ß FROM "Größe";
CREATE FUNCTION grüße(name text) RETURNS text LANGUAGE sql AS $ü$ SELECT 'Grüß Gott, ' || name $ü$;
INSERT INTO "Größe" VALUES (grüße('Jörg'), 2, '日本');
