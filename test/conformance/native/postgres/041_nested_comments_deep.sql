/* level 1; /* level 2; /* level 3; */ back in 2; */ back in 1; */
CREATE TABLE ncd (v int /* a /* b */ c; */);
INSERT INTO ncd VALUES (1) /* trailing /* nested */ ; */;
