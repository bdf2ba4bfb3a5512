CREATE TYPE level AS ENUM ('low', 'high');
ALTER TYPE level RENAME VALUE 'high' TO 'top';
CREATE TYPE size AS ENUM ();
CREATE TABLE er (l level);
INSERT INTO er VALUES ('low'), ('top');
CREATE TYPE quoted_enum AS ENUM ('it''s', 'semi;colon', '$$');
