--a comment without a space; still a comment in PostgreSQL
CREATE TABLE dcws (v int);--trailing
INSERT INTO dcws VALUES (5--1
);
INSERT INTO dcws VALUES (7 ---1;
);
