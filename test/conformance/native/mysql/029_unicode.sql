CREATE TABLE ünïcödé (名前 VARCHAR(20), emoji VARCHAR(10)) DEFAULT CHARSET=utf8mb4;
INSERT INTO ünïcödé VALUES ('日本語;テキスト', '🎉');
