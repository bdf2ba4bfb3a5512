CREATE TABLE aj (a int[], j jsonb, t text[]);
INSERT INTO aj VALUES ('{1,2,3}', '{"k": "v;w", "n": [1, 2]}', ARRAY['x;y', 'z']);
