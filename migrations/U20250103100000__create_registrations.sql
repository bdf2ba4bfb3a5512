DROP INDEX registrations_user_idx;
DROP INDEX registrations_trip_user_key;
DROP TABLE registrations;
