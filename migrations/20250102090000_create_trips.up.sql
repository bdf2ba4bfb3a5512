CREATE TABLE trips (
  id INTEGER PRIMARY KEY,
  organiser_id INTEGER NOT NULL REFERENCES users (id),
  title VARCHAR(200) NOT NULL,
  starts_on DATE NOT NULL,
  ends_on DATE NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX trips_organiser_idx ON trips (organiser_id);
CREATE INDEX trips_starts_on_idx ON trips (starts_on);
