CREATE TABLE "semi;colon" ([a;b] TEXT, `c;d` TEXT DEFAULT 'e;''f');
INSERT INTO "semi;colon" VALUES ('1;2', 'x');
