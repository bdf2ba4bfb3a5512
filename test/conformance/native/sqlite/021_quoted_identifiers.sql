CREATE TABLE "Semi;Colon" ("a;b" INTEGER, [c;d] TEXT, `e;f` TEXT, "quote""in" INTEGER);
INSERT INTO "Semi;Colon" VALUES (1, 'x', 'y', 2);
