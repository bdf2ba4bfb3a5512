CREATE TABLE lsb (

  id INT NOT NULL,

  -- a comment line inside; the statement

  name VARCHAR(20) NOT NULL DEFAULT '',
  # another; comment
  note TEXT,

  PRIMARY KEY (id)

)

ENGINE=InnoDB

;
INSERT INTO lsb

VALUES

  (1, 'one', 'first;

second line'),

  (2, 'two', NULL);
