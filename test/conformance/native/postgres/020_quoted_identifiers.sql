CREATE TABLE "Semi;Colon" ("a;b" int, "Mixed Case" text, "quote""inside" int);
INSERT INTO "Semi;Colon" VALUES (1, 'x', 2);
CREATE INDEX "idx;1" ON "Semi;Colon" ("a;b");
