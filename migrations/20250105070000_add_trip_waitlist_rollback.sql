DROP INDEX registrations_waitlist_idx;
ALTER TABLE registrations DROP COLUMN waitlist_position;
