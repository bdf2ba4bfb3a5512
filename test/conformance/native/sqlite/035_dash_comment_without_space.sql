--a comment without a space; still a comment
CREATE TABLE dcws (v INTEGER);--trailing
INSERT INTO dcws VALUES (5--1
);
