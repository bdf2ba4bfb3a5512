/* it's a block comment; with "an unmatched quote */
CREATE TABLE bq (v VARCHAR(10) /* don't */);
INSERT INTO bq VALUES ('c' /* ` */);
