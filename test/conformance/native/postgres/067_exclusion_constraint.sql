CREATE TABLE booking (room int, during tsrange, EXCLUDE USING gist (during WITH &&));
INSERT INTO booking VALUES (1, '[2024-01-01 10:00, 2024-01-01 11:00)');
INSERT INTO booking VALUES (1, '[2024-01-01 11:00, 2024-01-01 12:00)');
