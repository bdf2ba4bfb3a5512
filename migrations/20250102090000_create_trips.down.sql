DROP INDEX trips_starts_on_idx;
DROP INDEX trips_organiser_idx;
DROP TABLE trips;
