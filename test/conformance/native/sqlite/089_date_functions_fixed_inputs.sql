CREATE TABLE dfi (v TEXT);
INSERT INTO dfi VALUES
  (date('2024-01-31', '+1 month')),
  (datetime('2024-02-28 23:30:00', '+1 hour')),
  (strftime('%Y;%m;%d %H:%M', '2024-05-06 07:08:09')),
  (julianday('2000-01-01') - julianday('1999-12-31')),
  (time('12:00:00', '-90 minutes')),
  (unixepoch('2024-01-01 00:00:00')),
  (date(0, 'unixepoch'));
