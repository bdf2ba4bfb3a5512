# it's a comment with an unmatched quote
CREATE TABLE hq (v VARCHAR(10)); # don't split "here
INSERT INTO hq VALUES ('a'); # `backtick
