CREATE TABLE registrations (
  id INTEGER PRIMARY KEY,
  trip_id INTEGER NOT NULL REFERENCES trips (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),
  registered_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX registrations_trip_user_key ON registrations (trip_id, user_id);
CREATE INDEX registrations_user_idx ON registrations (user_id);
