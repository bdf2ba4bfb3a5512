CREATE TABLE sf (v TEXT);
INSERT INTO sf VALUES
  (printf('%05d;%s;%.2f', 42, 'x', 3.14159)),
  (replace('a;b;c', ';', ',')),
  (substr('abcdef', 2, 3) || instr('hello', 'l')),
  (char(72, 105) || unicode('A') || hex('AB')),
  (quote('it''s') || ltrim('  x') || rtrim('y  ') || trim('--z--', '-')),
  (upper('ß') || lower('ÄB') || length('日本語'));
