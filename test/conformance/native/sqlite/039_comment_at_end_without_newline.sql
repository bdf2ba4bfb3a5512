CREATE TABLE cen (v INTEGER);
INSERT INTO cen VALUES (1);
-- a final comment; without a newline