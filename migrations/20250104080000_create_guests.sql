-- Up Migration
CREATE TABLE guests (
  id INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  full_name VARCHAR(200) NOT NULL,
  dietary_needs VARCHAR(500)
);
CREATE INDEX guests_registration_idx ON guests (registration_id);

-- Down Migration
DROP INDEX guests_registration_idx;
DROP TABLE guests;
