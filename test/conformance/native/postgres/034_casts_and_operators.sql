CREATE TABLE co (v numeric(10,2), t timestamptz, i interval);
INSERT INTO co VALUES (1.5::numeric, '2024-01-01 00:00:00+00'::timestamptz, '1 day'::interval);
INSERT INTO co SELECT v * 2, t + i, i * 2 FROM co;
