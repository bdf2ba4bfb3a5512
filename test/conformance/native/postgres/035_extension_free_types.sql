CREATE TABLE ft (u uuid, b bytea, inet_addr inet, r int4range, bits bit(4));
INSERT INTO ft VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\xdeadbeef', '10.0.0.1', '[1,5)', B'1010');
