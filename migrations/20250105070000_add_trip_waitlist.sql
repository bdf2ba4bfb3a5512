ALTER TABLE registrations ADD COLUMN waitlist_position INTEGER;
CREATE INDEX registrations_waitlist_idx ON registrations (trip_id, waitlist_position);
