CREATE TABLE lit (b bit varying(8), x bit(8), n char(5), e text, num numeric);
INSERT INTO lit VALUES (B'101', X'1F', N'nat', E'\u00e9\x41\101', 1.5e3);
INSERT INTO lit VALUES (b'1', x'FF', n'x;y', e'it\'s', .5);
INSERT INTO lit VALUES (B'11' || B'00', X'0' || X'A', 'a', e'\\', -1e-2);
