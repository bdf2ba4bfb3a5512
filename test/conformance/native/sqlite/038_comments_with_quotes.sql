-- it's a comment with an unmatched quote
/* don't; "split [here `there */
CREATE TABLE cwq (v TEXT); -- it's; trailing
INSERT INTO cwq VALUES ('a' /* ' */);
