CREATE TABLE "select" ([from] TEXT, `where` TEXT, "order" INTEGER, [group] TEXT);
INSERT INTO "select" VALUES ('f;', 'w', 1, 'g');
CREATE INDEX "index" ON "select" ("order");
CREATE VIEW [view] AS SELECT [from], `where` FROM "select" ORDER BY "order";
