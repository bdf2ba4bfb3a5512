CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE person (name text, current_mood mood, age positive);
INSERT INTO person VALUES ('a', 'happy', 30);
ALTER TYPE mood ADD VALUE 'ecstatic';
