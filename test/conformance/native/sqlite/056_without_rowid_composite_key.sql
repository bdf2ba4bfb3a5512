CREATE TABLE wrc (a TEXT, b INTEGER, v TEXT, PRIMARY KEY (a, b DESC)) WITHOUT ROWID;
INSERT INTO wrc VALUES ('x', 1, 'one'), ('x', 2, 'two;'), ('a', 5, 'five');
CREATE TABLE wrs (k TEXT PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID;
INSERT INTO wrs VALUES ('i', 1), ('t', 'text'), ('r', 1.5), ('b', x'00ff');
