CREATE TABLE cen (v INT);
INSERT INTO cen VALUES (1);
-- a final comment without a newline; after it