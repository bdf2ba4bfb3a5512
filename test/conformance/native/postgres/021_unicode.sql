CREATE TABLE ünïcödé (名前 text, emoji text);
INSERT INTO ünïcödé VALUES ('日本語;テキスト', '🎉'), ('ß', 'ÿ');
