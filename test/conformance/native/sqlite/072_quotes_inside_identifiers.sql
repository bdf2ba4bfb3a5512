CREATE TABLE "a""b" ([c"d] TEXT, `e``f` TEXT, "g'h" TEXT, [i`j] TEXT, `k"l` TEXT);
INSERT INTO "a""b" VALUES ('1', '2', '3', '4', '5');
CREATE VIEW "v""1" AS SELECT [c"d], `e``f`, "g'h" FROM "a""b";
