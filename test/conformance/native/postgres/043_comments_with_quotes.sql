-- it's a comment with an unmatched quote
/* don't; "split here */
CREATE TABLE cwq (v text); -- $$ not a dollar quote
INSERT INTO cwq VALUES ('a' /* $tag$ */);
