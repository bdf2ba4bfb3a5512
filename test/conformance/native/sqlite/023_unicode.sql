CREATE TABLE ünïcödé (名前 TEXT, emoji TEXT);
INSERT INTO ünïcödé VALUES ('日本語;テキスト', '🎉');
